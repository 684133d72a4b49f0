package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple JSONPath of additionalPrinterColumns and scale paths: {@code .spec.replicas},
 * {@code .metadata.labels.app}, {@code .status.conditions[0].type}, {@code .items[*].name} and
 * {@code .status.conditions[?(@.type=="Ready")].status}. Keys with dots go in brackets: {@code ['a.b/c']}.
 */
public final class JsonPath {

    private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([\\w.-]+)\\s*==\\s*[\"']?([^\"')]*)[\"']?\\)");

    private JsonPath() {
    }

    /** The nodes the path selects (none when a step is missing). */
    public static List<JsonNode> find(JsonNode root, String path) {
        List<JsonNode> current = new ArrayList<>(List.of(root));
        for (String step : steps(path)) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                select(node, step, next);
            }
            current = next;
        }
        return current;
    }

    /** The first node the path selects, or null. */
    public static JsonNode first(JsonNode root, String path) {
        List<JsonNode> found = find(root, path);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void select(JsonNode node, String step, List<JsonNode> out) {
        if (!step.startsWith("[")) {
            JsonNode child = node.get(step);
            if (child != null && !child.isMissingNode()) {
                out.add(child);
            }
            return;
        }
        String inner = step.substring(1, step.length() - 1).trim();
        if (inner.startsWith("'") || inner.startsWith("\"")) {
            JsonNode child = node.get(inner.substring(1, inner.length() - 1));
            if (child != null) {
                out.add(child);
            }
        } else if (inner.equals("*")) {
            node.forEach(out::add);
        } else if (inner.startsWith("?")) {
            Matcher filter = FILTER.matcher(inner);
            if (filter.matches()) {
                for (JsonNode item : node) {
                    JsonNode field = first(item, "." + filter.group(1));
                    if (field != null && field.asText().equals(filter.group(2))) {
                        out.add(item);
                    }
                }
            }
        } else if (node.isArray()) {
            try {
                int index = Integer.parseInt(inner);
                JsonNode item = node.get(index < 0 ? node.size() + index : index);
                if (item != null) {
                    out.add(item);
                }
            } catch (NumberFormatException e) {
                // not an index: selects nothing
            }
        }
    }

    /** ".a.b[0]['c.d']" to ["a", "b", "[0]", "['c.d']"]. */
    static List<String> steps(String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        List<String> steps = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                end = end < 0 ? p.length() - 1 : end;
                steps.add(p.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                steps.add(p.substring(i, end));
                i = end;
            }
        }
        return steps;
    }
}
