package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kuberaf.client.controller.Expectations;
import io.kuberaf.client.controller.Keys;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pod events for one kind of owner, as Kubernetes' addPod/updatePod/deletePod: a controlled pod
 * enqueues its owner and settles the owner's expectations; an orphan enqueues every owner whose
 * selector matches it (which may adopt it).
 */
final class PodEvents<T extends HasMetadata> implements ResourceEventHandler<Pod> {

    private final ReplicatedKind<T> kind;
    private final SharedIndexInformer<T> owners;
    private final Expectations expectations;
    private final PendingDeletions deletions;
    private final Consumer<String> enqueue;

    PodEvents(ReplicatedKind<T> kind, SharedIndexInformer<T> owners, Expectations expectations,
              PendingDeletions deletions, Consumer<String> enqueue) {
        this.kind = kind;
        this.owners = owners;
        this.expectations = expectations;
        this.deletions = deletions;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(Pod pod) {
        if (Pods.isTerminating(pod)) {
            gone(pod);
            return;
        }
        Optional<String> owner = ownerKey(pod);
        if (owner.isPresent()) {
            expectations.creationObserved(owner.get());
            enqueue.accept(owner.get());
        } else if (Keys.controllerOf(pod).isEmpty()) {
            enqueueMatchingOwners(pod);
        }
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
            return;   // a resync: nothing changed
        }
        boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
        if (Pods.isTerminating(pod)) {
            gone(pod);
            if (labelsChanged) {
                gone(old);
            }
            return;
        }
        Optional<OwnerReference> oldController = Keys.controllerOf(old);
        Optional<OwnerReference> controller = Keys.controllerOf(pod);
        if (!oldController.equals(controller)) {
            ownerKey(old).ifPresent(enqueue);
        }
        if (controller.isPresent()) {
            ownerKey(pod).ifPresent(enqueue);
        } else if (labelsChanged || oldController.isPresent()) {
            enqueueMatchingOwners(pod);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        gone(pod);
    }

    /** The pod is being deleted or was deleted: one observed deletion if its owner asked for it. */
    private void gone(Pod pod) {
        ownerKey(pod).ifPresent(key -> {
            if (deletions.observe(key, pod.getMetadata().getUid())) {
                expectations.deletionObserved(key);
            }
            enqueue.accept(key);
        });
    }

    /** The key of the pod's controller if it is an owner of this kind that is in the cache (same uid). */
    private Optional<String> ownerKey(Pod pod) {
        return Keys.controllerOf(pod)
                .filter(reference -> kind.kind().equals(reference.getKind())
                        && group(kind.apiVersion()).equals(group(reference.getApiVersion())))
                .flatMap(reference -> {
                    String key = Keys.of(pod.getMetadata().getNamespace(), reference.getName());
                    T owner = owners.getIndexer().getByKey(key);
                    return owner != null && owner.getMetadata().getUid().equals(reference.getUid())
                            ? Optional.of(key) : Optional.empty();
                });
    }

    private void enqueueMatchingOwners(Pod pod) {
        for (T owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (kind.selects(owner, pod.getMetadata().getLabels())) {
                enqueue.accept(Keys.of(owner));
            }
        }
    }

    private static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
