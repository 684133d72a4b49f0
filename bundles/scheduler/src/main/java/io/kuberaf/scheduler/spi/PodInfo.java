package io.kuberaf.scheduler.spi;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * A pod with what the scheduler computed from it once: its resource requests (sum of the containers, at
 * least the largest init container, plus the overhead; one pod), the same with kube-scheduler's non-zero
 * defaults for scoring, and its host ports.
 */
public interface PodInfo {

    Pod pod();

    /** "namespace/name". */
    String key();

    Resources requests();

    /** {@link #requests()} with 100m CPU and 200 MiB assumed for containers that request none (for scoring only). */
    Resources nonZeroRequests();

    /** The container ports with a hostPort. */
    List<ContainerPort> hostPorts();

    /** Whether the pod has required pod anti-affinity terms (spec.affinity.podAntiAffinity.required...). */
    default boolean hasRequiredAntiAffinity() {
        var affinity = pod().getSpec() == null ? null : pod().getSpec().getAffinity();
        return affinity != null && affinity.getPodAntiAffinity() != null
                && !affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }
}
