package io.kuberaf.shell.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** kubectl's generic describer: every field of the object, sorted, with "smart" labels (apiVersion -> API Version). */
final class Generic {

    private static final Set<String> ACRONYMS = Set.of("API", "URL", "UID", "OSB", "GUID");

    private Generic() {
    }

    static void content(DescribeWriter w, int level, JsonNode content, String prefix, Set<String> skip) {
        List<String> fields = new ArrayList<>();
        content.fieldNames().forEachRemaining(fields::add);
        Collections.sort(fields);
        for (String field : fields) {
            JsonNode value = content.get(field);
            String path = prefix + "." + field;
            if (skip.contains(path)) {
                continue;
            }
            if (value.isObject()) {
                w.write(level, "%s:\n", label(field));
                content(w, level + 1, value, path, skip);
            } else if (value.isArray()) {
                w.write(level, "%s:\n", label(field));
                for (JsonNode child : value) {
                    if (child.isObject()) {
                        content(w, level + 1, child, path, skip);
                    } else {
                        w.write(level + 1, "%s\n", child.asText());
                    }
                }
            } else {
                w.write(level, "%s:\t%s\n", label(field), value.isNull() ? "<nil>" : value.asText());
            }
        }
    }

    /** fatih/camelcase split, each part title-cased, common acronyms upper-cased. */
    static String label(String field) {
        for (char c : field.toCharArray()) {
            if (!Character.isLetter(c) && c != '-') {
                return field;
            }
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean boundary = i > 0 && Character.isUpperCase(c)
                    && (Character.isLowerCase(field.charAt(i - 1)) || (i + 1 < field.length() && Character.isLowerCase(field.charAt(i + 1))));
            if (boundary && part.length() > 0) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(c);
        }
        parts.add(part.toString());
        List<String> labels = new ArrayList<>();
        for (String each : parts) {
            labels.add(ACRONYMS.contains(each.toUpperCase()) ? each.toUpperCase() : Character.toUpperCase(each.charAt(0)) + each.substring(1));
        }
        return String.join(" ", labels);
    }
}
