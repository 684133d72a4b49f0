package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.Json;

/** Namespaces start Active with the "kubernetes" finalizer in their spec (always), as kube-apiserver creates them. */
final class NamespaceLifecycle {

    private NamespaceLifecycle() {
    }

    static void defaults(ResourceType type, ObjectNode object) {
        if (!type.kind().equals("Namespace") || !type.group().isEmpty()) {
            return;
        }
        ObjectNode spec = Json.object(object, "spec");
        ArrayNode finalizers = spec.path("finalizers").isArray() ? (ArrayNode) spec.get("finalizers") : spec.putArray("finalizers");
        boolean hasKubernetes = false;
        for (JsonNode finalizer : finalizers) {
            hasKubernetes |= finalizer.asText().equals("kubernetes");
        }
        if (!hasKubernetes) {
            // the namespace controller's finalizer: it removes it once the namespace is empty
            finalizers.add("kubernetes");
        }
        Json.object(object, "status").put("phase", "Active");
        Json.object(Json.object(object, "metadata"), "labels")
                .put("kubernetes.io/metadata.name", object.path("metadata").path("name").asText());
    }
}
