package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberaf.client.controller.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' ControllerRefManager for pods: of the pods in the owner's namespace, keeps those it
 * controls and that still match, adopts matching orphans (when the owner is not being deleted) and
 * releases controlled pods that no longer match. Patches are JSON patches guarded by the pod's uid
 * and resourceVersion, so a pod changed meanwhile is left for the next sync.
 */
final class PodClaims<T extends HasMetadata> {

    private static final Logger LOG = LoggerFactory.getLogger(PodClaims.class);

    private final KubernetesClient client;
    private final ReplicatedKind<T> kind;

    PodClaims(KubernetesClient client, ReplicatedKind<T> kind) {
        this.client = client;
        this.kind = kind;
    }

    /** The pods {@code owner} controls after adopting and releasing. */
    List<Pod> claim(T owner, List<Pod> namespacePods) {
        List<Pod> owned = new ArrayList<>();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        Boolean mayAdopt = null;
        for (Pod pod : namespacePods) {
            Optional<OwnerReference> controller = Keys.controllerOf(pod);
            boolean matches = kind.selects(owner, pod.getMetadata().getLabels());
            if (controller.isPresent()) {
                if (!controller.get().getUid().equals(owner.getMetadata().getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(pod);
                } else if (!ownerDeleting) {
                    release(owner, pod);
                }
            } else if (matches && !ownerDeleting && !Pods.isTerminating(pod)) {
                if (mayAdopt == null) {
                    mayAdopt = ownerStillCurrent(owner);
                }
                if (mayAdopt) {
                    adopt(owner, pod).ifPresent(owned::add);
                }
            }
        }
        return owned;
    }

    /** The owner reference a controlled pod carries. */
    OwnerReference controllerReference(T owner) {
        OwnerReference reference = new OwnerReference();
        reference.setApiVersion(kind.apiVersion());
        reference.setKind(kind.kind());
        reference.setName(owner.getMetadata().getName());
        reference.setUid(owner.getMetadata().getUid());
        reference.setController(true);
        reference.setBlockOwnerDeletion(true);
        return reference;
    }

    /** A fresh read: adopting for an owner that was replaced or is being deleted would orphan the pod again. */
    private boolean ownerStillCurrent(T owner) {
        T fresh = client.resources(kind.type()).inNamespace(owner.getMetadata().getNamespace())
                .withName(owner.getMetadata().getName()).get();
        return fresh != null && fresh.getMetadata().getUid().equals(owner.getMetadata().getUid())
                && fresh.getMetadata().getDeletionTimestamp() == null;
    }

    private Optional<Pod> adopt(T owner, Pod pod) {
        boolean hasReferences = pod.getMetadata().getOwnerReferences() != null && !pod.getMetadata().getOwnerReferences().isEmpty();
        List<Map<String, Object>> patch = guards(pod);
        patch.add(Map.of("op", "add",
                "path", hasReferences ? "/metadata/ownerReferences/-" : "/metadata/ownerReferences",
                "value", hasReferences ? controllerReference(owner) : List.of(controllerReference(owner))));
        Pod adopted = patch(pod, patch);
        if (adopted != null) {
            LOG.info("{} {} adopted pod {}", kind.kind(), Keys.of(owner), pod.getMetadata().getName());
        }
        return Optional.ofNullable(adopted);
    }

    private void release(T owner, Pod pod) {
        List<OwnerReference> references = pod.getMetadata().getOwnerReferences();
        int index = -1;
        for (int i = 0; i < references.size(); i++) {
            if (owner.getMetadata().getUid().equals(references.get(i).getUid())) {
                index = i;
            }
        }
        List<Map<String, Object>> patch = guards(pod);
        patch.add(Map.of("op", "test", "path", "/metadata/ownerReferences/" + index + "/uid", "value", owner.getMetadata().getUid()));
        patch.add(Map.of("op", "remove", "path", "/metadata/ownerReferences/" + index));
        if (patch(pod, patch) != null) {
            LOG.info("{} {} released pod {}: its labels no longer match the selector", kind.kind(), Keys.of(owner),
                    pod.getMetadata().getName());
        }
    }

    private static List<Map<String, Object>> guards(Pod pod) {
        List<Map<String, Object>> patch = new ArrayList<>();
        patch.add(Map.of("op", "test", "path", "/metadata/uid", "value", pod.getMetadata().getUid()));
        patch.add(Map.of("op", "test", "path", "/metadata/resourceVersion", "value", pod.getMetadata().getResourceVersion()));
        return patch;
    }

    /** The patched pod, or null when it is gone. */
    private Pod patch(Pod pod, List<Map<String, Object>> patch) {
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
