package io.kuberaf.api.runtime;

/**
 * Which pod a sandbox belongs to. {@code attempt} counts sandboxes created for the same pod
 * (a sandbox that died is replaced by attempt + 1).
 */
public record PodIdentity(String namespace, String name, String uid, int attempt) {
}
