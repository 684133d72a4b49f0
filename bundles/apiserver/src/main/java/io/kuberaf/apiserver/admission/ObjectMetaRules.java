package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.http.Json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** metadata.name by the rule of its kind, labels and annotations, as ValidateObjectMeta checks them. */
final class ObjectMetaRules {

    /** How a kind's names are checked. */
    enum NameRule {
        DNS1123_SUBDOMAIN(Formats::dns1123Subdomain),
        DNS1123_LABEL(Formats::dns1123Label),
        DNS1035_LABEL(Formats::dns1035Label),
        /** Any name that is a valid path segment (RBAC); ObjectRegistry already checks that. */
        PATH_SEGMENT(name -> List.of());

        private final Function<String, List<String>> check;

        NameRule(Function<String, List<String>> check) {
            this.check = check;
        }

        List<String> check(String name) {
            return check.apply(name);
        }
    }

    static final long TOTAL_ANNOTATION_SIZE = 256 * 1024;

    private ObjectMetaRules() {
    }

    static void validate(JsonNode object, NameRule rule, FieldErrors errors) {
        JsonNode meta = object.path("metadata");
        String name = Json.text(meta, "name");
        if (name == null || name.isEmpty()) {
            errors.required("metadata.name", "name or generateName is required");
        } else {
            errors.invalidEach("metadata.name", name, rule.check(name));
        }
        labels(meta.path("labels"), "metadata.labels", errors);
        annotations(meta.path("annotations"), "metadata.annotations", errors);
    }

    static void labels(JsonNode labels, String field, FieldErrors errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            errors.invalidEach(field, e.getKey(), Formats.qualifiedName(e.getKey()));
            errors.invalidEach(field, e.getValue().asText(), Formats.labelValue(e.getValue().asText()));
        }
    }

    static void annotations(JsonNode annotations, String field, FieldErrors errors) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            errors.invalidEach(field, e.getKey(), Formats.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > TOTAL_ANNOTATION_SIZE) {
            errors.tooLong(field, "must have at most " + TOTAL_ANNOTATION_SIZE + " bytes");
        }
    }
}
