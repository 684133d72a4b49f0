package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

import java.util.List;
import java.util.function.Function;

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

    /**
     * After an admitted create ({@code old} null) or update was stored: release what the old
     * version held and the new one does not.
     */
    default void written(ResourceType type, ObjectNode object, ObjectNode old) {
    }

    /**
     * An admitted create ({@code old} null) or update was not stored after all (dry run, name
     * taken, concurrent write): give back what admission allocated for it.
     */
    default void notWritten(ResourceType type, ObjectNode object, ObjectNode old) {
    }

    /** After a delete, so that allocations (cluster IPs, node ports) are released. */
    default void deleted(ResourceType type, ObjectNode object) {
    }

    /**
     * Once at apiserver start, before it serves: rebuild in-memory state (allocations) from the
     * stored objects; {@code stored} lists every object of a type.
     */
    default void restore(List<ResourceType> types, Function<ResourceType, List<ObjectNode>> stored) {
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
