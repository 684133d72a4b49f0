package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.crd.CustomKind.ScalePaths;
import io.kuberaf.apiserver.crd.JsonPath;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.patch.Patches;
import io.kuberaf.apiserver.registry.ObjectRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The autoscaling/v1 Scale view of replicated objects: what {@code kubectl scale} reads and writes. */
final class Scale {

    private Scale() {
    }

    /** @param paths a custom kind's replica and selector paths, null for the built-in controllers' spec.replicas */
    static Reply handle(ObjectRegistry objects, Patches patches, ResourceType type, ScalePaths paths, String namespace, String name,
                        ApiRequest request) {
        return switch (request.method()) {
            case "GET" -> Reply.ok(of(objects.get(type, namespace, name), paths));
            case "PUT" -> {
                ObjectNode wanted = Json.parseObject(request.body());
                yield Reply.ok(write(objects, patches, type, paths, namespace, name, current -> wanted, request));
            }
            default -> Reply.ok(write(objects, patches, type, paths, namespace, name,
                    current -> patches.patch(type, current, request.contentType(), request.body()), request));
        };
    }

    private static ObjectNode write(ObjectRegistry objects, Patches patches, ResourceType type, ScalePaths paths, String namespace,
                                    String name, java.util.function.UnaryOperator<ObjectNode> change, ApiRequest request) {
        ObjectNode updated = objects.guaranteedUpdate(type, namespace, name, null, object -> {
            ObjectNode scale = change.apply(of(object, paths));
            JsonNode replicas = scale.path("spec").path("replicas");
            if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
                throw ApiException.invalid("autoscaling", "Scale", name, List.of(new ApiException.Cause("FieldValueInvalid",
                        "Invalid value: " + replicas + ": must be greater than or equal to 0", "spec.replicas")));
            }
            String precondition = Json.text(scale.path("metadata"), "resourceVersion");
            if (precondition != null) {
                Json.object(object, "metadata").put("resourceVersion", precondition);
            }
            if (paths == null) {
                Json.object(object, "spec").put("replicas", replicas.asInt());
            } else {
                set(object, paths.specReplicasPath(), replicas.asInt());
            }
            return object;
        }, request.dryRun(), (current, scaled) -> patches.recordUpdate(type, current, scaled, request, "scale"));
        return of(updated, paths);
    }

    /** Sets an integer at a simple path such as {@code .spec.replicas}, creating the objects on the way. */
    private static void set(ObjectNode object, String path, int value) {
        String[] fields = path.replaceFirst("^\\.", "").split("\\.");
        ObjectNode parent = object;
        for (int i = 0; i < fields.length - 1; i++) {
            parent = Json.object(parent, fields[i]);
        }
        parent.put(fields[fields.length - 1], value);
    }

    static ObjectNode of(ObjectNode object, ScalePaths paths) {
        if (paths == null) {
            return of(object);
        }
        ObjectNode scale = of(object);
        JsonNode spec = JsonPath.first(object, paths.specReplicasPath());
        JsonNode status = JsonPath.first(object, paths.statusReplicasPath());
        JsonNode selector = paths.labelSelectorPath() == null ? null : JsonPath.first(object, paths.labelSelectorPath());
        ((ObjectNode) scale.get("spec")).put("replicas", spec == null ? 0 : spec.asInt());
        ObjectNode scaleStatus = scale.putObject("status");
        scaleStatus.put("replicas", status == null ? 0 : status.asInt());
        if (selector != null && selector.isTextual() && !selector.asText().isEmpty()) {
            scaleStatus.put("selector", selector.asText());
        }
        return scale;
    }

    static ObjectNode of(ObjectNode object) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode source = object.path("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (source.has(field)) {
                meta.set(field, source.get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        String selector = selector(object.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** A selector as a label selector string: RC's map, or a LabelSelector's matchLabels and matchExpressions. */
    static String selector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions") ? selector.path("matchLabels") : selector;
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            terms.add(e.getKey() + "=" + e.getValue().asText());
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (expression.path("operator").asText()) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", terms);
    }
}
