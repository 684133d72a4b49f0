package io.kuberaf.scheduler.spi;

import java.util.List;

/** Ranks the nodes that passed every filter. Publish as an OSGi service to add one; see the package documentation. */
public interface ScorePlugin {

    /** The highest score a node can get after {@link #normalize}. */
    long MAX_SCORE = 100;

    /** A short unique name, e.g. "NodeResourcesBalancedAllocation" (used in logs). */
    String name();

    /** What this plugin's normalized score is multiplied by in the sum (kube-scheduler's default is 1). */
    default int weight() {
        return 1;
    }

    /** The raw score of one node; 0..{@link #MAX_SCORE} unless {@link #normalize} maps it there. */
    long score(PodInfo pod, NodeInfo node);

    /**
     * Maps the raw scores of all feasible nodes (same order as {@code nodes}) to 0..{@link #MAX_SCORE} in place.
     * The default keeps them as they are (clamped).
     */
    default void normalize(PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.max(0, Math.min(MAX_SCORE, scores[i]));
        }
    }
}
