package io.kuberaf.shell.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JSON as kubectl prints it (Go's json.MarshalIndent of an unstructured object): keys sorted,
 * four-space indent, {@code "key": value}, and Go's escaping of {@code < > &}.
 */
public final class JsonPrinter {

    private JsonPrinter() {
    }

    public static String print(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, out);
        return out.append('\n').toString();
    }

    /** Compact, keys sorted, as Go's json.Marshal (jsonpath prints maps and lists this way). */
    public static String compact(JsonNode node) {
        StringBuilder out = new StringBuilder();
        writeCompact(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject() && node.size() > 0) {
            out.append("{\n");
            List<String> keys = sortedKeys(node);
            for (int i = 0; i < keys.size(); i++) {
                indent(depth + 1, out);
                quote(keys.get(i), out);
                out.append(": ");
                write(node.get(keys.get(i)), depth + 1, out);
                out.append(i < keys.size() - 1 ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append('}');
        } else if (node.isArray() && node.size() > 0) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(depth + 1, out);
                write(node.get(i), depth + 1, out);
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append(']');
        } else {
            writeCompact(node, out);
        }
    }

    private static void writeCompact(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            List<String> keys = sortedKeys(node);
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(keys.get(i), out);
                out.append(':');
                writeCompact(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeCompact(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            quote(node.asText(), out);
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            out.append(scalarText(node));
        }
    }

    /** Numbers as Go prints them: integers as is, other numbers in the shortest form. */
    static String scalarText(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            double value = node.asDouble();
            if (value == Math.rint(value) && Math.abs(value) < 1e21) {
                return Long.toString((long) value);
            }
            return Double.toString(value).replace("E", "e");
        }
        return node.asText();
    }

    static List<String> sortedKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        Collections.sort(keys);
        return keys;
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("    ".repeat(depth));
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '<': case '>': case '&': case '\u2028': case '\u2029':
                    out.append(String.format("\\u%04x", (int) c));
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
