package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kuberaf.client.objects.LabelSelectors;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.ScorePlugin;
import io.kuberaf.scheduler.spi.Status;

import java.util.List;

/**
 * Pod (anti-)affinity for the topology key kubernetes.io/hostname, where a topology domain is one node.
 * Filter: the pod's required anti-affinity terms match no pod on the node, and no pod on the node has a
 * required anti-affinity term that matches the pod. Score: +weight for each pod on the node matching a
 * preferred affinity term, -weight for a preferred anti-affinity term, normalized min..max to 0..100.
 * Terms with another topology key are not evaluated (they would need every node's pods per domain).
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {

    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        Pod incoming = pod.pod();
        // The pod's own rules first, then those of the pods already there (Kubernetes' order of reasons).
        for (PodAffinityTerm term : requiredAntiAffinity(incoming)) {
            if (onHostname(term) && node.pods().stream().anyMatch(existing -> termMatches(term, incoming, existing.pod()))) {
                return Status.unschedulable(REASON_ANTI_AFFINITY);
            }
        }
        for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
            for (PodAffinityTerm term : requiredAntiAffinity(existing.pod())) {
                if (onHostname(term) && termMatches(term, existing.pod(), incoming)) {
                    return Status.unschedulable(REASON_EXISTING_ANTI_AFFINITY);
                }
            }
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
        if (affinity == null) {
            return 0;
        }
        long sum = 0;
        if (affinity.getPodAffinity() != null) {
            sum += weightOfMatches(pod.pod(), affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), node);
        }
        if (affinity.getPodAntiAffinity() != null) {
            sum -= weightOfMatches(pod.pod(), affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), node);
        }
        return sum;
    }

    private static long weightOfMatches(Pod incoming, List<WeightedPodAffinityTerm> terms, NodeInfo node) {
        long sum = 0;
        for (WeightedPodAffinityTerm weighted : terms) {
            PodAffinityTerm term = weighted.getPodAffinityTerm();
            if (term == null || !onHostname(term) || weighted.getWeight() == null) {
                continue;
            }
            for (PodInfo existing : node.pods()) {
                if (termMatches(term, incoming, existing.pod())) {
                    sum += weighted.getWeight();
                }
            }
        }
        return sum;
    }

    @Override
    public void normalize(PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == min ? 0 : (scores[i] - min) * MAX_SCORE / (max - min);
        }
    }

    private static List<PodAffinityTerm> requiredAntiAffinity(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        return affinity == null || affinity.getPodAntiAffinity() == null ? List.of()
                : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static boolean onHostname(PodAffinityTerm term) {
        return HOSTNAME.equals(term.getTopologyKey());
    }

    /** Whether {@code target} is selected by a term of {@code owner} (namespaces default to the owner's). */
    static boolean termMatches(PodAffinityTerm term, Pod owner, Pod target) {
        String namespace = target.getMetadata().getNamespace();
        boolean inNamespace;
        if (!term.getNamespaces().isEmpty()) {
            inNamespace = term.getNamespaces().contains(namespace);
        } else if (term.getNamespaceSelector() != null) {
            // An empty namespace selector means every namespace; label selection of namespaces is not supported.
            inNamespace = LabelSelectors.isEmpty(term.getNamespaceSelector());
        } else {
            inNamespace = namespace.equals(owner.getMetadata().getNamespace());
        }
        return inNamespace && LabelSelectors.matches(term.getLabelSelector(), target.getMetadata().getLabels());
    }
}
