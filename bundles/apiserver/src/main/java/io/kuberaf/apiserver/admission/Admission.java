package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

/**
 * Defaulting, validation and allocation for objects on their way into the store, as
 * kube-apiserver's registry strategies and admission plugins do it. Implementations mutate the
 * object in place to default it and throw {@link io.kuberaf.apiserver.http.ApiException} (422
 * Invalid, naming the field) to reject it.
 */
public interface Admission {

    /** Before a create: the object already has its name, namespace, uid and timestamps. */
    void admitCreate(ResourceType type, ObjectNode object);

    /** Before an update (also of a subresource): {@code old} is the stored object. */
    void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old);

    /** After a delete, so that allocations (cluster IPs, node ports) are released. */
    default void deleted(ResourceType type, ObjectNode object) {
    }

    /** Admits everything unchanged. */
    Admission NONE = new Admission() {
        @Override
        public void admitCreate(ResourceType type, ObjectNode object) {
        }

        @Override
        public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        }
    };
}
