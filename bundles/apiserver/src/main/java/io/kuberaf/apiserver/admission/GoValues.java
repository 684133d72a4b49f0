package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values printed the way kube-apiserver's messages print them (Go's %q for strings, %v for
 * numbers, %#v for maps, slices and label selectors), so that clients matching on the text of a
 * 422 see what Kubernetes would have said.
 */
final class GoValues {

    private GoValues() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A scalar as Go prints it; objects as map[string]string, arrays as []string. */
    static String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isObject()) {
            return stringMap(value);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isTextual() ? quote(item.asText()) : item.asText()));
            return "[]string{" + String.join(", ", items) + "}";
        }
        return value.asText();
    }

    /** {@code map[string]string{"a":"b", "c":"d"}}, keys sorted as Go's fmt sorts them. */
    static String stringMap(JsonNode map) {
        if (map == null || !map.isObject()) {
            return "map[string]string(nil)";
        }
        Map<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        List<String> entries = new ArrayList<>();
        sorted.forEach((k, v) -> entries.add(quote(k) + ":" + quote(v)));
        return "map[string]string{" + String.join(", ", entries) + "}";
    }

    /** A metav1.LabelSelector printed with %#v. */
    static String labelSelector(JsonNode selector) {
        JsonNode labels = selector.path("matchLabels");
        String matchLabels = labels.isObject() ? stringMap(labels) : "map[string]string(nil)";
        JsonNode expressions = selector.path("matchExpressions");
        String matchExpressions;
        if (expressions.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode e : expressions) {
                items.add("v1.LabelSelectorRequirement{Key:" + quote(e.path("key").asText()) + ", Operator:"
                        + quote(e.path("operator").asText()) + ", Values:" + (e.path("values").isArray() ? of(e.get("values"))
                        : "[]string(nil)") + "}");
            }
            matchExpressions = "[]v1.LabelSelectorRequirement{" + String.join(", ", items) + "}";
        } else {
            matchExpressions = "[]v1.LabelSelectorRequirement(nil)";
        }
        return "v1.LabelSelector{MatchLabels:" + matchLabels + ", MatchExpressions:" + matchExpressions + "}";
    }
}
