package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A {@link Reconciler} that also implements {@code Cleaner} cleans up before its resources go: the SDK
 * adds a finalizer ({@link ControllerConfiguration#finalizerName()}) to every resource before its first
 * reconcile, calls {@link #cleanup} once the resource is marked for deletion, and removes the finalizer
 * when cleanup says so, which lets the apiserver delete the resource.
 */
public interface Cleaner<T extends HasMetadata> {

    /**
     * Releases what the resource holds outside its owned objects (those go with the garbage collector).
     * Must be idempotent; throwing retries with back-off, the finalizer staying in place.
     *
     * @param resource a copy of the resource, with its deletion timestamp set
     */
    DeleteControl cleanup(T resource, Context<T> context) throws Exception;
}
