package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodRankingTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void leastValuablePodsComeFirstInKubernetesOrder() {
        List<Pod> expected = List.of(
                pod("unassigned", null, "Running", true, 100, 0, 0),
                pod("pending", "n1", "Pending", false, 0, 0, 0),
                pod("unknown", "n2", "Unknown", false, 0, 0, 0),
                pod("not-ready", "n3", "Running", false, 0, 0, 0),
                pod("ready-briefly", "n4", "Running", true, 500, 0, 0),
                pod("ready-long-restarted", "n5", "Running", true, 100, 7, 0),
                pod("ready-long-newer", "n6", "Running", true, 100, 0, 60),
                pod("ready-long-older", "n7", "Running", true, 100, 0, 0));
        List<Pod> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        assertEquals(names(expected), names(PodRanking.leastValuable(shuffled, expected.size())));
    }

    @Test
    void lowerDeletionCostAndDoubledUpPodsGoFirst() {
        Pod cheap = pod("cheap", "n1", "Running", true, 100, 0, 0);
        cheap.getMetadata().setAnnotations(java.util.Map.of(PodRanking.DELETION_COST, "-5"));
        Pod alone = pod("alone", "n2", "Running", true, 100, 0, 0);
        Pod doubledA = pod("doubled-a", "n3", "Running", true, 100, 0, 0);
        Pod doubledB = pod("doubled-b", "n3", "Running", true, 100, 0, 0);
        List<String> order = names(PodRanking.leastValuable(List.of(alone, doubledA, cheap, doubledB), 4));
        assertEquals("cheap", order.get(0));
        assertEquals("alone", order.get(3));
    }

    @Test
    void picksOnlyTheRequestedCount() {
        List<Pod> pods = List.of(pod("a", "n1", "Running", true, 10, 0, 0), pod("b", "n1", "Pending", false, 0, 0, 0));
        assertEquals(List.of("b"), names(PodRanking.leastValuable(pods, 1)));
    }

    private static Pod pod(String name, String node, String phase, boolean ready, int readyAtSecond, int restarts,
                           int createdAtSecond) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withCreationTimestamp(T0.plusSeconds(createdAtSecond).toString()).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(T0.plusSeconds(readyAtSecond).toString()).endCondition()
                .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus()
                .endStatus()
                .build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(pod -> pod.getMetadata().getName()).toList();
    }
}
