package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kubernetes' order for scaling down (ActivePodsWithRanks): the least valuable pod comes first.
 * Unassigned before assigned; Pending before Unknown before Running; not ready before ready; lower
 * pod-deletion-cost first; pods doubled up on a node with their siblings first; ready for a shorter
 * time first; more restarts first; newer first.
 */
final class PodRanking {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodRanking() {
    }

    /** The first {@code count} pods of {@code pods} to delete. */
    static List<Pod> leastValuable(List<Pod> pods, int count) {
        Map<String, Long> siblingsOnNode = pods.stream()
                .filter(pod -> !node(pod).isEmpty())
                .collect(Collectors.groupingBy(PodRanking::node, Collectors.counting()));
        Function<Pod, Long> rank = pod -> node(pod).isEmpty() ? 0L : siblingsOnNode.getOrDefault(node(pod), 0L);
        return pods.stream().sorted(order(rank)).limit(count).toList();
    }

    static Comparator<Pod> order(Function<Pod, Long> rank) {
        return Comparator.<Pod, Boolean>comparing(pod -> !node(pod).isEmpty())
                .thenComparing(PodRanking::phaseRank)
                .thenComparing(Pods::isReady)
                .thenComparing(PodRanking::deletionCost)
                .thenComparing(rank, Comparator.reverseOrder())
                .thenComparing(PodRanking::readySinceNewestFirst)
                .thenComparing(Pods::restarts, Comparator.reverseOrder())
                .thenComparing(PodRanking::creationNewestFirst);
    }

    private static String node(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null ? "" : node;
    }

    private static int phaseRank(Pod pod) {
        return switch (Pods.phase(pod)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static long deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(DELETION_COST);
        try {
            return cost == null ? 0 : Long.parseLong(cost.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Later ready time sorts first; pods not ready (or with no time) sort before all. */
    private static long readySinceNewestFirst(Pod pod) {
        Optional<Instant> since = Pods.isReady(pod) ? Pods.readySince(pod) : Optional.empty();
        return since.map(instant -> -instant.toEpochMilli()).orElse(Long.MIN_VALUE);
    }

    private static long creationNewestFirst(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null || created.isEmpty() ? Long.MIN_VALUE : -Instant.parse(created).toEpochMilli();
    }
}
