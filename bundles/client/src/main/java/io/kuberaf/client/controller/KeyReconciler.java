package io.kuberaf.client.controller;

/**
 * Drives the world toward the spec of the object named by {@code key} ({@code namespace/name}, or
 * {@code name} for cluster-scoped kinds), reading from informer caches. Throwing requeues the key with
 * back-off; the object may have been deleted meanwhile, which the reconciler must handle.
 */
@FunctionalInterface
public interface KeyReconciler {
    Result reconcile(String key) throws Exception;
}
