package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

/** Kubernetes' rules for the built-in kinds, applied in the order kube-apiserver applies them. */
public final class BuiltinAdmission implements Admission {

    @Override
    public void admitCreate(ResourceType type, ObjectNode object) {
        NamespaceLifecycle.defaults(type, object);
    }

    @Override
    public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        if (type.kind().equals("Namespace") && !object.path("status").has("phase")) {
            NamespaceLifecycle.defaults(type, object);
        }
    }
}
