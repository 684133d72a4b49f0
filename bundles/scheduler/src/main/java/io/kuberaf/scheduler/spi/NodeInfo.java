package io.kuberaf.scheduler.spi;

import io.fabric8.kubernetes.api.model.Node;

import java.util.Collection;

/**
 * A node as the scheduler's cache sees it: the Node object, the pods bound or assumed bound to it, and
 * what they request. Read-only for plugins.
 */
public interface NodeInfo {

    Node node();

    String name();

    /** The pods on this node, including pods the scheduler assumed there whose binding is not yet seen. */
    Collection<PodInfo> pods();

    /**
     * The pods of {@link #pods()} that carry required pod anti-affinity terms: the only ones an incoming
     * pod must be checked against for "existing pods' anti-affinity". Kept apart so that filtering stays
     * cheap on nodes full of pods without such terms.
     */
    default Collection<PodInfo> podsWithRequiredAntiAffinity() {
        return pods().stream().filter(PodInfo::hasRequiredAntiAffinity).toList();
    }

    /** What the node offers to pods (status.allocatable; pods included). */
    Resources allocatable();

    /** The sum of the requests of {@link #pods()}. */
    Resources requested();

    /** The sum of the non-zero requests of {@link #pods()} (for scoring). */
    Resources nonZeroRequested();
}
