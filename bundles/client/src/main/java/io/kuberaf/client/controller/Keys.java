package io.kuberaf.client.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.List;
import java.util.Optional;

/** Work-queue keys: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
public final class Keys {

    private Keys() {
    }

    public static String of(HasMetadata object) {
        return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public static String of(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part, or null for a cluster-scoped key. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    /** The object's controller owner reference (controller: true), if any. */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata.getOwnerReferences() == null) {
            return Optional.empty();
        }
        return metadata.getOwnerReferences().stream()
                .filter(reference -> Boolean.TRUE.equals(reference.getController()))
                .findFirst();
    }

    /** The key of the object's controller owner if it is of this kind, as a one-element list (else empty). */
    public static List<String> ownerKey(HasMetadata object, String ownerKind) {
        return controllerOf(object)
                .filter(reference -> ownerKind.equals(reference.getKind()))
                .map(reference -> List.of(of(object.getMetadata().getNamespace(), reference.getName())))
                .orElse(List.of());
    }
}
