package io.kuberaf.shell.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.shell.kubectl.KubectlException;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of kubectl's JSONPath templates that people use: {@code {.items[*].metadata.name}},
 * {@code {.status.phase}}, {@code ['key.with.dots']}, {@code [0]}, {@code [-1]}, {@code [*]},
 * {@code ..name}, filters {@code [?(@.type=="Ready")]}, {@code {range .items[*]}...{end}} and
 * literals {@code {"\n"}}. Several results of one expression are joined with spaces; maps and
 * lists print as compact JSON.
 */
public final class JsonPath {

    private interface Part {
    }

    private record Text(String text) implements Part {
    }

    private record Expression(List<String> segments) implements Part {
    }

    private record Range(List<String> segments, List<Part> body) implements Part {
    }

    private final List<Part> parts;

    private JsonPath(List<Part> parts) {
        this.parts = parts;
    }

    public static JsonPath parse(String template) {
        List<List<Part>> stack = new ArrayList<>();
        List<List<String>> ranges = new ArrayList<>();
        List<Part> current = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                current.add(new Text(template.substring(i)));
                break;
            }
            if (open > i) {
                current.add(new Text(template.substring(i, open)));
            }
            int close = closingBrace(template, open);
            String inside = template.substring(open + 1, close).trim();
            i = close + 1;
            if (inside.startsWith("range ")) {
                stack.add(current);
                ranges.add(segments(inside.substring(6).trim()));
                current = new ArrayList<>();
            } else if (inside.equals("end")) {
                if (stack.isEmpty()) {
                    throw error(template, "not in range, nothing to end");
                }
                Range range = new Range(ranges.remove(ranges.size() - 1), current);
                current = stack.remove(stack.size() - 1);
                current.add(range);
            } else if (inside.startsWith("\"") && inside.endsWith("\"") && inside.length() >= 2) {
                current.add(new Text(unquote(inside.substring(1, inside.length() - 1))));
            } else {
                current.add(new Expression(segments(inside)));
            }
        }
        if (!stack.isEmpty()) {
            throw error(template, "unclosed action");
        }
        return new JsonPath(current);
    }

    private static int closingBrace(String template, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        throw error(template, "unclosed action");
    }

    private static KubectlException error(String template, String why) {
        return KubectlException.error("error parsing jsonpath %s, %s", template, why);
    }

    private static String unquote(String text) {
        return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"");
    }

    /** Splits {@code .a.b[*]['c.d']..e} into {@code a, b, [*], [c.d], ..e}. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        int i = path.startsWith("@") || path.startsWith("$") ? 1 : 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                boolean recursive = i + 1 < path.length() && path.charAt(i + 1) == '.';
                int start = recursive ? i + 2 : i + 1;
                int end = start;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end > start) {
                    segments.add((recursive ? ".." : "") + path.substring(start, end));
                }
                i = end;
            } else if (c == '[') {
                int end = bracketEnd(path, i);
                segments.add(path.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                segments.add(path.substring(i, end));
                i = end;
            }
        }
        return segments;
    }

    private static int bracketEnd(String path, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'' || c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']' && --depth == 0) {
                return i;
            }
        }
        throw KubectlException.error("error parsing jsonpath %s, unterminated array", path);
    }

    public String execute(JsonNode root) {
        StringBuilder out = new StringBuilder();
        run(parts, root, out);
        return out.toString();
    }

    private static void run(List<Part> parts, JsonNode current, StringBuilder out) {
        for (Part part : parts) {
            if (part instanceof Text text) {
                out.append(text.text());
            } else if (part instanceof Expression expression) {
                List<JsonNode> values = evaluate(expression.segments(), current);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(' ');
                    }
                    out.append(print(values.get(i)));
                }
            } else if (part instanceof Range range) {
                for (JsonNode item : evaluate(range.segments(), current)) {
                    if (item.isArray()) {
                        for (JsonNode element : item) {
                            run(range.body(), element, out);
                        }
                    } else {
                        run(range.body(), item, out);
                    }
                }
            }
        }
    }

    private static String print(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isContainerNode()) {
            return JsonPrinter.compact(value);
        }
        return value.isNull() ? "null" : JsonPrinter.scalarText(value);
    }

    static List<JsonNode> evaluate(List<String> segments, JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (String segment : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                step(segment, node, next);
            }
            current = next;
        }
        return current;
    }

    private static void step(String segment, JsonNode node, List<JsonNode> next) {
        if (segment.startsWith("..")) {
            recursive(segment.substring(2), node, next);
        } else if (segment.equals("*")) {
            node.forEach(next::add);
        } else if (segment.startsWith("[")) {
            bracket(segment.substring(1, segment.length() - 1).trim(), node, next);
        } else if (node.has(segment)) {
            next.add(node.get(segment));
        }
    }

    private static void recursive(String field, JsonNode node, List<JsonNode> next) {
        if (node.isObject() && node.has(field)) {
            next.add(node.get(field));
        }
        if (node.isContainerNode()) {
            node.forEach(child -> recursive(field, child, next));
        }
    }

    private static void bracket(String inside, JsonNode node, List<JsonNode> next) {
        if (inside.equals("*")) {
            node.forEach(next::add);
        } else if (inside.startsWith("'") || inside.startsWith("\"")) {
            String key = inside.substring(1, inside.length() - 1);
            if (node.has(key)) {
                next.add(node.get(key));
            }
        } else if (inside.startsWith("?(") && inside.endsWith(")")) {
            filter(inside.substring(2, inside.length() - 1).trim(), node, next);
        } else if (inside.contains(":")) {
            slice(inside, node, next);
        } else {
            int index = Integer.parseInt(inside.trim());
            if (node.isArray()) {
                int at = index < 0 ? node.size() + index : index;
                if (at >= 0 && at < node.size()) {
                    next.add(node.get(at));
                } else {
                    throw KubectlException.error("array index out of bounds: index %d, length %d", index, node.size());
                }
            }
        }
    }

    private static void slice(String inside, JsonNode node, List<JsonNode> next) {
        String[] bounds = inside.split(":", -1);
        int size = node.size();
        int start = bounds[0].isBlank() ? 0 : Integer.parseInt(bounds[0].trim());
        int end = bounds[1].isBlank() ? size : Integer.parseInt(bounds[1].trim());
        start = Math.max(0, start < 0 ? size + start : start);
        end = Math.min(size, end < 0 ? size + end : end);
        for (int i = start; i < end; i++) {
            next.add(node.get(i));
        }
    }

    /** {@code @.a.b=="x"}, {@code !=}, or {@code @.a} (present). */
    private static void filter(String condition, JsonNode node, List<JsonNode> next) {
        String operator = condition.contains("==") ? "==" : condition.contains("!=") ? "!=" : null;
        for (JsonNode item : node) {
            if (operator == null) {
                if (!evaluate(segments(condition), item).isEmpty()) {
                    next.add(item);
                }
                continue;
            }
            int at = condition.indexOf(operator);
            List<JsonNode> left = evaluate(segments(condition.substring(0, at).trim()), item);
            String right = condition.substring(at + 2).trim();
            if (right.length() >= 2 && (right.startsWith("\"") || right.startsWith("'"))) {
                right = right.substring(1, right.length() - 1);
            }
            boolean equal = !left.isEmpty() && print(left.get(0)).equals(right);
            if (equal == operator.equals("==")) {
                next.add(item);
            }
        }
    }
}
