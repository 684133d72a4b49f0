package io.kuberaf.kubelet.server;

import java.util.Optional;

/**
 * Finds the runtime objects behind a pod's name, for the kubelet's streaming API. The kubelet core
 * need not implement it: {@link RuntimeContainerLocator} finds them by the labels it puts on them.
 */
public interface ContainerLocator {

    /**
     * The runtime id of a pod's container: the newest one, or with {@code previous} the one that ran
     * before it (kubectl logs --previous).
     */
    Optional<String> container(String namespace, String pod, String container, boolean previous);

    /** The runtime id of the pod's current sandbox (port-forward connects inside its network namespace). */
    Optional<String> sandbox(String namespace, String pod);
}
