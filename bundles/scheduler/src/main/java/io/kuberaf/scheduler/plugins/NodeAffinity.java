package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.ScorePlugin;
import io.kuberaf.scheduler.spi.Status;

import java.util.List;
import java.util.Map;

/**
 * Filter: spec.nodeSelector and the required node affinity both match the node. Score: the sum of the
 * weights of the preferred terms that match, normalized so the best node gets 100.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        Map<String, String> selector = pod.pod().getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty()) {
            Map<String, String> labels = Selectors.labels(node.node());
            for (Map.Entry<String, String> entry : selector.entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return Status.unresolvable(REASON);
                }
            }
        }
        NodeSelector required = required(pod.pod().getSpec().getAffinity());
        if (required != null && !Selectors.anyTermMatches(required.getNodeSelectorTerms(), node.node())) {
            return Status.unresolvable(REASON);
        }
        return Status.SUCCESS;
    }

    /** kube-scheduler's default profile weight. */
    @Override
    public int weight() {
        return 2;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        Affinity affinity = pod.pod().getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm term : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
            if (term.getWeight() != null && term.getWeight() != 0 && Selectors.termMatches(term.getPreference(), node.node())) {
                sum += term.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max <= 0 ? 0 : Math.max(0, scores[i]) * MAX_SCORE / max;
        }
    }

    private static NodeSelector required(Affinity affinity) {
        return affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }
}
