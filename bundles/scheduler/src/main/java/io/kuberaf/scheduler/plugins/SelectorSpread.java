package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.ScorePlugin;

import java.util.List;

/**
 * Spreads the pods of one controller (ReplicaSet, ReplicationController, StatefulSet, Job ...: the same
 * controller owner reference) across nodes, as kube-scheduler's default topology spreading does per
 * hostname: the node with the fewest of them scores 100, the one with the most 0. Weight 2, as
 * PodTopologySpread has in the default profile.
 */
public final class SelectorSpread implements ScorePlugin {

    @Override
    public String name() {
        return "SelectorSpread";
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        String owner = controllerUid(pod.pod());
        if (owner == null) {
            return 0;
        }
        String namespace = pod.pod().getMetadata().getNamespace();
        long count = 0;
        for (PodInfo other : node.pods()) {
            if (owner.equals(controllerUid(other.pod())) && namespace.equals(other.pod().getMetadata().getNamespace())) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void normalize(PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == 0 ? MAX_SCORE : (max - scores[i]) * MAX_SCORE / max;
        }
    }

    static String controllerUid(Pod pod) {
        for (OwnerReference reference : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(reference.getController())) {
                return reference.getUid();
            }
        }
        return null;
    }
}
