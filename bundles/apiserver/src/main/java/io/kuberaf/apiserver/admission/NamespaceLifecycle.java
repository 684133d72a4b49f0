package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.Json;

/** Namespaces start Active with the "kubernetes" finalizer in their spec, as kube-apiserver creates them. */
final class NamespaceLifecycle {

    private NamespaceLifecycle() {
    }

    static void defaults(ResourceType type, ObjectNode object) {
        if (!type.kind().equals("Namespace") || !type.group().isEmpty()) {
            return;
        }
        ObjectNode spec = Json.object(object, "spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        Json.object(object, "status").put("phase", "Active");
        Json.object(Json.object(object, "metadata"), "labels")
                .put("kubernetes.io/metadata.name", object.path("metadata").path("name").asText());
    }
}
