package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;
import java.util.Set;

/** What a reconcile can use beside the resource. */
public interface Context<T extends HasMetadata> {

    /**
     * The API client of this reconciler: it knows the reconciler's custom resource classes, and it is
     * closed with the reconciler (use it rather than a client of your own, which would keep the bundle's
     * classes after the bundle is gone).
     */
    KubernetesClient getClient();

    /** Empty on a first try; after failures, which retry this is. */
    Optional<RetryInfo> getRetryInfo();

    /**
     * The cached objects of an {@linkplain ControllerConfiguration#owns() owned} type whose controller
     * owner reference is this resource (copies are not made: do not change them).
     *
     * @throws IllegalArgumentException if {@code type} is not in {@link ControllerConfiguration#owns()}
     */
    <R extends HasMetadata> Set<R> getSecondaryResources(Class<R> type);

    /** The one owned object of that type, if any (the first one if there are several). */
    default <R extends HasMetadata> Optional<R> getSecondaryResource(Class<R> type) {
        return getSecondaryResources(type).stream().findFirst();
    }
}
