package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * A work-queue key naming one object by identity: apiVersion, kind, namespace ("" when cluster-scoped),
 * name and uid, joined by '|' (none of them may contain it).
 */
record ObjectKey(String apiVersion, String kind, String namespace, String name, String uid) {

    static ObjectKey of(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectKey(object.getApiVersion(), object.getKind(), namespace == null ? "" : namespace,
                object.getMetadata().getName(), object.getMetadata().getUid());
    }

    /** The owner an object's reference names; a namespaced owner lives in the dependent's namespace. */
    static ObjectKey owner(HasMetadata dependent, OwnerReference reference, boolean ownerNamespaced) {
        String namespace = ownerNamespaced && dependent.getMetadata().getNamespace() != null
                ? dependent.getMetadata().getNamespace() : "";
        return new ObjectKey(reference.getApiVersion(), reference.getKind(), namespace, reference.getName(),
                reference.getUid());
    }

    static ObjectKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        return new ObjectKey(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    String text() {
        return String.join("|", apiVersion, kind, namespace, name, uid);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name) + " (uid " + uid + ")";
    }
}
