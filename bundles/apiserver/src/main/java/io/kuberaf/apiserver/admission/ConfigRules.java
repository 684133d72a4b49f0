package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** ConfigMaps and Secrets: valid keys, base64 data, stringData folded into data, type Opaque, immutability. */
final class ConfigRules {

    static final long MAX_SIZE = 1024 * 1024;

    private ConfigRules() {
    }

    static final class ConfigMaps implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void validate(ObjectNode configMap, FieldErrors errors) {
            long size = keys(configMap.path("data"), "data", errors);
            for (Iterator<String> it = configMap.path("binaryData").fieldNames(); it.hasNext(); ) {
                String key = it.next();
                errors.invalidEach("binaryData[" + key + "]", key, Formats.configMapKey(key));
                if (configMap.path("data").has(key)) {
                    errors.invalidString("data[" + key + "]", key, "duplicate of key present in binaryData");
                }
                size += decode(configMap.path("binaryData").get(key).asText(), "ConfigMap").length;
            }
            if (size > MAX_SIZE) {
                errors.tooLong("", "must have at most " + MAX_SIZE + " bytes");
            }
        }

        @Override
        public void validateUpdate(ObjectNode configMap, ObjectNode old, FieldErrors errors) {
            immutable(configMap, old, List.of("data", "binaryData"), errors);
        }
    }

    static final class Secrets implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode secret, ObjectNode old) {
            PodSpecs.putIfAbsent(secret, "type", "Opaque");
            JsonNode stringData = secret.get("stringData");
            if (stringData != null && stringData.isObject()) {
                ObjectNode data = Json.object(secret, "data");
                stringData.fields().forEachRemaining(e -> data.put(e.getKey(),
                        Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
            }
            secret.remove("stringData");
        }

        @Override
        public void validate(ObjectNode secret, FieldErrors errors) {
            JsonNode data = secret.path("data");
            long size = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                errors.invalidEach("data[" + e.getKey() + "]", e.getKey(), Formats.configMapKey(e.getKey()));
                size += decode(e.getValue().asText(), "Secret").length;
            }
            if (size > MAX_SIZE) {
                errors.tooLong("data", "must have at most " + MAX_SIZE + " bytes");
            }
            String type = secret.path("type").asText();
            switch (type) {
                case "kubernetes.io/service-account-token" -> {
                    if (secret.path("metadata").path("annotations").path("kubernetes.io/service-account.name").asText("").isEmpty()) {
                        errors.required("metadata.annotations[kubernetes.io/service-account.name]", "");
                    }
                }
                case "kubernetes.io/dockercfg" -> requireKey(data, ".dockercfg", errors);
                case "kubernetes.io/dockerconfigjson" -> requireKey(data, ".dockerconfigjson", errors);
                case "kubernetes.io/ssh-auth" -> requireKey(data, "ssh-privatekey", errors);
                case "kubernetes.io/tls" -> {
                    requireKey(data, "tls.key", errors);
                    requireKey(data, "tls.crt", errors);
                }
                case "kubernetes.io/basic-auth" -> {
                    if (!data.has("username") && !data.has("password")) {
                        errors.required("data[username]", "");
                        errors.required("data[password]", "");
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void validateUpdate(ObjectNode secret, ObjectNode old, FieldErrors errors) {
            if (!secret.path("type").equals(old.path("type"))) {
                errors.invalidString("type", secret.path("type").asText(), ControllerRules.IMMUTABLE);
            }
            immutable(secret, old, List.of("data"), errors);
        }

        private static void requireKey(JsonNode data, String key, FieldErrors errors) {
            if (!data.has(key)) {
                errors.required("data[" + key + "]", "");
            }
        }
    }

    /** The keys of data, each valid; returns the size of the values. */
    private static long keys(JsonNode data, String field, FieldErrors errors) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            errors.invalidEach(field + "[" + e.getKey() + "]", e.getKey(), Formats.configMapKey(e.getKey()));
            size += e.getValue().asText().length();
        }
        return size;
    }

    /** Base64 that Go's decoder accepts; otherwise the 400 kube-apiserver gives for a body it cannot decode. */
    static byte[] decode(String value, String kind) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            int at = 0;
            while (at < value.length() && (Character.isLetterOrDigit(value.charAt(at)) || value.charAt(at) == '+'
                    || value.charAt(at) == '/')) {
                at++;
            }
            throw ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind
                    + ": illegal base64 data at input byte " + at);
        }
    }

    private static void immutable(ObjectNode object, ObjectNode old, List<String> fields, FieldErrors errors) {
        if (!old.path("immutable").asBoolean(false)) {
            return;
        }
        if (!object.path("immutable").asBoolean(false)) {
            errors.forbidden("immutable", "field is immutable when `immutable` is set");
        }
        for (String field : fields) {
            if (!object.path(field).equals(old.path(field))) {
                errors.forbidden(field, "field is immutable when `immutable` is set");
            }
        }
    }
}
