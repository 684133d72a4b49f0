package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.registry.DeleteOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;

import java.util.Iterator;
import java.util.Map;

/** status, scale, binding and eviction: the subresources that act on the stored object (KubeletProxy serves the streaming ones). */
final class Subresources {

    private Subresources() {
    }

    static Reply handle(ResourceHandler handler, ResourceType type, ApiRequest request, RequestPath path) {
        ResourceType.Subresource sub = type.subresource(path.subresource());
        if (sub == null || path.name() == null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        String namespace = ResourceHandler.namespaceOf(type, path);
        String verb = switch (request.method()) {
            case "GET" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "POST" -> "create";
            default -> "";
        };
        if (!sub.verbs().contains(verb)) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        return switch (sub.name()) {
            case "status" -> status(handler, type, namespace, path.name(), request);
            case "scale" -> Scale.handle(handler.objects(), handler.patches(), type, handler.scalePaths(type), namespace,
                    path.name(), request);
            case "binding" -> binding(handler.objects(), type, namespace, path.name(), request);
            case "eviction" -> eviction(handler.objects(), type, namespace, path.name(), request);
            case "finalize" -> Reply.ok(handler.objects().update(type, namespace, path.name(), "finalize",
                    Json.parseObject(request.body()), request.dryRun()));
            default -> throw new ApiException(404, "NotFound", type.plural() + "/" + sub.name()
                    + " is not served by this apiserver"); // pods/log, exec, attach, portforward: KubeletProxy
        };
    }

    private static Reply status(ResourceHandler handler, ResourceType type, String namespace, String name, ApiRequest request) {
        ObjectRegistry objects = handler.objects();
        return switch (request.method()) {
            case "GET" -> Reply.ok(objects.get(type, namespace, name));
            case "PUT" -> Reply.ok(objects.update(type, namespace, name, "status", Json.parseObject(request.body()),
                    request.dryRun(), (current, desired) -> handler.patches().recordUpdate(type, current, desired, request,
                    "status")));
            default -> handler.patch(type, namespace, name, "status", request);
        };
    }

    /** POST pods/{name}/binding: the scheduler's decision, written once. */
    private static Reply binding(ObjectRegistry objects, ResourceType type, String namespace, String name, ApiRequest request) {
        ObjectNode binding = Json.parseObject(request.body());
        JsonNode target = binding.path("target");
        String node = target.path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.invalid("", "Binding", name, java.util.List.of(new ApiException.Cause(
                    "FieldValueRequired", "Required value", "target.name")));
        }
        objects.guaranteedUpdate(type, namespace, name, null, pod -> {
            String current = pod.path("spec").path("nodeName").asText("");
            if (!current.isEmpty()) {
                throw ApiException.conflict("pods/binding", name, "pod " + name + " is already assigned to node \"" + current + "\"");
            }
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                throw ApiException.conflict("pods/binding", name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            Json.object(pod, "spec").put("nodeName", node);
            copyAnnotations(binding, pod);
            return pod;
        }, request.dryRun());
        return Reply.created(success());
    }

    private static void copyAnnotations(ObjectNode binding, ObjectNode pod) {
        JsonNode annotations = binding.path("metadata").path("annotations");
        if (annotations.isObject()) {
            ObjectNode target = Json.object(Json.object(pod, "metadata"), "annotations");
            for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    /** POST pods/{name}/eviction: a delete with the eviction's options (no disruption budgets yet). */
    private static Reply eviction(ObjectRegistry objects, ResourceType type, String namespace, String name, ApiRequest request) {
        ObjectNode eviction = Json.parseObject(request.body());
        JsonNode options = eviction.path("deleteOptions");
        objects.delete(type, namespace, name, DeleteOptions.from(options.isObject() ? (ObjectNode) options : null, null, null,
                request.dryRun()));
        return Reply.created(success());
    }

    static ObjectNode success() {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return status;
    }
}
