package io.kuberaf.shell.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * YAML as kubectl prints it (go-yaml v2 through sigs.k8s.io/yaml): keys sorted, two-space indent,
 * list items at their parent key's indentation, strings quoted only when YAML 1.1 would read
 * them as something else (numbers, booleans like {@code yes}, timestamps), single quotes for
 * indicator characters, literal blocks for multi-line text, and long lines folded at spaces past
 * column 80.
 */
public final class YamlPrinter {

    private static final int BEST_WIDTH = 80;
    private static final Set<String> NON_STRINGS = Set.of("~", "null", "Null", "NULL", "",
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF",
            "true", "True", "TRUE", "false", "False", "FALSE", ".nan", ".NaN", ".NAN",
            ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<");
    private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern INTEGER = Pattern.compile("^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$");
    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?))?$");

    private final StringBuilder out = new StringBuilder();
    private int column;

    private YamlPrinter() {
    }

    public static String print(JsonNode node) {
        YamlPrinter printer = new YamlPrinter();
        if (node.isObject() && node.size() > 0) {
            printer.mapping(node, 0, false);
        } else if (node.isArray() && node.size() > 0) {
            printer.sequence(node, 0, false);
        } else {
            printer.scalarOrEmpty(node, 0);
            printer.newline();
        }
        return printer.out.toString();
    }

    private void mapping(JsonNode node, int indent, boolean firstInline) {
        boolean first = true;
        for (String key : JsonPrinter.sortedKeys(node)) {
            if (!(first && firstInline)) {
                spaces(indent);
            }
            first = false;
            text(keyText(key));
            text(":");
            value(node.get(key), indent);
        }
    }

    private void sequence(JsonNode node, int indent, boolean firstInline) {
        boolean first = true;
        for (JsonNode item : node) {
            if (!(first && firstInline)) {
                spaces(indent);
            }
            first = false;
            text("-");
            if (item.isObject() && item.size() > 0) {
                text(" ");
                mapping(item, indent + 2, true);
            } else if (item.isArray() && item.size() > 0) {
                text(" ");
                sequence(item, indent + 2, true);
            } else {
                text(" ");
                scalarOrEmpty(item, indent);
                newline();
            }
        }
    }

    private void value(JsonNode value, int indent) {
        if (value.isObject() && value.size() > 0) {
            newline();
            mapping(value, indent + 2, false);
        } else if (value.isArray() && value.size() > 0) {
            newline();
            sequence(value, indent, false);
        } else {
            text(" ");
            scalarOrEmpty(value, indent);
            newline();
        }
    }

    private void scalarOrEmpty(JsonNode node, int indent) {
        if (node.isObject()) {
            text("{}");
        } else if (node.isArray()) {
            text("[]");
        } else if (node.isNull() || node.isMissingNode()) {
            text("null");
        } else if (node.isTextual()) {
            string(node.asText(), indent + 2);
        } else {
            text(JsonPrinter.scalarText(node));
        }
    }

    private void string(String value, int continuation) {
        if (value.contains("\n")) {
            Analysis analysis = Analysis.of(value);
            if (analysis.blockAllowed) {
                literal(value, continuation);
                return;
            }
            doubleQuoted(value, continuation, true);
            return;
        }
        Style style = styleFor(value, false);
        if (style == Style.PLAIN) {
            plain(value, continuation);
        } else if (style == Style.SINGLE) {
            singleQuoted(value, continuation, true);
        } else {
            doubleQuoted(value, continuation, true);
        }
    }

    private String keyText(String key) {
        Style style = key.contains("\n") ? Style.DOUBLE : styleFor(key, true);
        YamlPrinter keyPrinter = new YamlPrinter();
        if (style == Style.PLAIN) {
            keyPrinter.text(key);
        } else if (style == Style.SINGLE) {
            keyPrinter.singleQuoted(key, 0, false);
        } else {
            keyPrinter.doubleQuoted(key, 0, false);
        }
        return keyPrinter.out.toString();
    }

    private enum Style { PLAIN, SINGLE, DOUBLE }

    private static Style styleFor(String value, boolean simpleKey) {
        if (!resolvesToString(value)) {
            return Style.DOUBLE;
        }
        Analysis analysis = Analysis.of(value);
        Style style = Style.PLAIN;
        if (!analysis.blockPlainAllowed || (value.isEmpty() && simpleKey)) {
            style = Style.SINGLE;
        }
        if (style == Style.SINGLE && !analysis.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        return style;
    }

    static boolean resolvesToString(String value) {
        if (NON_STRINGS.contains(value)) {
            return false;
        }
        char hint = value.charAt(0);
        if ((hint >= '0' && hint <= '9') || hint == '+' || hint == '-' || hint == '.') {
            String plain = value.replace("_", "");
            if (INTEGER.matcher(plain).matches() || FLOAT.matcher(plain).matches() || TIMESTAMP.matcher(value).matches()) {
                return false;
            }
            return !BASE60_FLOAT.matcher(value).matches();
        }
        return true;
    }

    /** go-yaml's yaml_emitter_analyze_scalar, for the block context. */
    private static final class Analysis {
        boolean blockPlainAllowed = true;
        boolean singleQuotedAllowed = true;
        boolean blockAllowed = true;

        static Analysis of(String value) {
            Analysis analysis = new Analysis();
            if (value.isEmpty()) {
                analysis.blockPlainAllowed = false;
                analysis.blockAllowed = false;
                return analysis;
            }
            if (value.startsWith("---") || value.startsWith("...")) {
                analysis.blockPlainAllowed = false;
            }
            boolean blockIndicators = false;
            boolean specialCharacters = false;
            boolean lineBreaks = false;
            boolean spaceBreak = false;
            boolean breakSpace = false;
            boolean previousSpace = false;
            boolean previousBreak = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean precededByWhitespace = true;
            int length = value.length();
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                boolean followedByWhitespace = i + 1 >= length || isBlankOrBreak(value.charAt(i + 1));
                if (i == 0) {
                    if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                        blockIndicators = true;
                    } else if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
                        blockIndicators = true;
                    }
                } else if (c == ':' && followedByWhitespace) {
                    blockIndicators = true;
                } else if (c == '#' && precededByWhitespace) {
                    blockIndicators = true;
                }
                if (!isPrintable(c) || (c > 0x7f && c == '\ufeff')) {
                    specialCharacters = true;
                }
                if (c == ' ') {
                    if (i == 0) {
                        leadingSpace = true;
                    }
                    if (i == length - 1) {
                        trailingSpace = true;
                    }
                    if (previousBreak) {
                        breakSpace = true;
                    }
                    previousSpace = true;
                    previousBreak = false;
                } else if (c == '\n' || c == '\r') {
                    lineBreaks = true;
                    if (i == 0) {
                        leadingBreak = true;
                    }
                    if (i == length - 1) {
                        trailingBreak = true;
                    }
                    if (previousSpace) {
                        spaceBreak = true;
                    }
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = isBlankOrBreak(c);
            }
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                analysis.blockPlainAllowed = false;
            }
            if (trailingSpace) {
                analysis.blockAllowed = false;
            }
            if (breakSpace) {
                analysis.blockPlainAllowed = false;
                analysis.singleQuotedAllowed = false;
            }
            if (spaceBreak || specialCharacters) {
                analysis.blockPlainAllowed = false;
                analysis.singleQuotedAllowed = false;
                analysis.blockAllowed = false;
            }
            if (lineBreaks) {
                analysis.blockPlainAllowed = false;
            }
            if (blockIndicators) {
                analysis.blockPlainAllowed = false;
            }
            return analysis;
        }
    }

    private static boolean isBlankOrBreak(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isPrintable(char c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || Character.isSurrogate(c);
    }

    private void plain(String value, int continuation) {
        boolean spaces = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                if (!spaces && column > BEST_WIDTH && i + 1 < value.length() && value.charAt(i + 1) != ' ') {
                    newline();
                    spaces(continuation);
                } else {
                    text(" ");
                }
                spaces = true;
            } else {
                text(String.valueOf(c));
                spaces = false;
            }
        }
    }

    private void singleQuoted(String value, int continuation, boolean allowBreaks) {
        text("'");
        boolean spaces = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != value.length() - 1
                        && value.charAt(i + 1) != ' ') {
                    newline();
                    spaces(continuation);
                } else {
                    text(" ");
                }
                spaces = true;
            } else {
                text(c == '\'' ? "''" : String.valueOf(c));
                spaces = false;
            }
        }
        text("'");
    }

    private void doubleQuoted(String value, int continuation, boolean allowBreaks) {
        text("\"");
        boolean spaces = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isPrintable(c) || c == '\ufeff' || c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                text(escape(c));
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != value.length() - 1) {
                    newline();
                    spaces(continuation);
                    if (value.charAt(i + 1) == ' ') {
                        text("\\");
                    }
                } else {
                    text(" ");
                }
                spaces = true;
            } else {
                text(String.valueOf(c));
                spaces = false;
            }
        }
        text("\"");
    }

    private static String escape(char c) {
        switch (c) {
            case 0: return "\\0";
            case 0x07: return "\\a";
            case 0x08: return "\\b";
            case '\t': return "\\t";
            case '\n': return "\\n";
            case 0x0B: return "\\v";
            case 0x0C: return "\\f";
            case '\r': return "\\r";
            case 0x1B: return "\\e";
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case 0x85: return "\\N";
            case 0xA0: return "\\_";
            case 0x2028: return "\\L";
            case 0x2029: return "\\P";
            default: return c <= 0xFF ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c);
        }
    }

    private void literal(String value, int indent) {
        StringBuilder hints = new StringBuilder("|");
        if (value.charAt(0) == ' ' || value.charAt(0) == '\n') {
            hints.append(2);
        }
        if (!value.endsWith("\n")) {
            hints.append('-');
        } else if (value.length() == 1 || value.endsWith("\n\n")) {
            hints.append('+');
        }
        text(hints.toString());
        List<String> lines = List.of(value.split("\n", -1));
        int last = value.endsWith("\n") ? lines.size() - 1 : lines.size();
        for (int i = 0; i < last; i++) {
            newline();
            if (!lines.get(i).isEmpty()) {
                spaces(indent);
                text(lines.get(i));
            }
        }
    }

    private void text(String text) {
        out.append(text);
        column += text.codePointCount(0, text.length());
    }

    private void spaces(int count) {
        text(" ".repeat(count));
    }

    private void newline() {
        out.append('\n');
        column = 0;
    }
}
