package io.kuberaf.scheduler.internal;

import io.kuberaf.scheduler.plugins.BuiltinPlugins;
import io.kuberaf.scheduler.spi.NodeInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.kuberaf.scheduler.Fixtures.info;
import static io.kuberaf.scheduler.Fixtures.node;
import static io.kuberaf.scheduler.Fixtures.pod;
import static io.kuberaf.scheduler.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AlgorithmTest {

    @Test
    void feasibleNodesToFindIsAdaptiveAsInKubernetes() {
        assertEquals(50, Algorithm.feasibleNodesToFind(50, 0));
        assertEquals(100, Algorithm.feasibleNodesToFind(100, 0));     // 50% of 100 = 50, raised to the minimum 100
        assertEquals(420, Algorithm.feasibleNodesToFind(1000, 0));    // 50 - 1000/125 = 42%
        assertEquals(500, Algorithm.feasibleNodesToFind(5000, 0));    // 50 - 40 = 10%
        assertEquals(500, Algorithm.feasibleNodesToFind(10000, 0));   // 50 - 80 < 5: 5%
        assertEquals(300, Algorithm.feasibleNodesToFind(1000, 30));
        assertEquals(100, Algorithm.feasibleNodesToFind(1000, 1));
        assertEquals(1000, Algorithm.feasibleNodesToFind(1000, 100));
    }

    @Test
    void samplingStartsWhereThePreviousPodStopped() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            nodes.add(state(node(String.format("n%04d", i), "4", "8Gi").build()));
        }
        Algorithm algorithm = new Algorithm(10);
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Algorithm.Decision decision = algorithm.schedule(info(pod("p" + i, "100m", "100Mi").build()), nodes,
                    BuiltinPlugins.filters(), BuiltinPlugins.scores());
            assertEquals(100, decision.evaluated());
            assertEquals(100, decision.feasible());
            chosen.add(decision.node().substring(0, 3)); // n00..n09: the hundred the pod looked at
        }
        assertEquals(10, chosen.size(), "each pod looked at the next hundred nodes: " + chosen);
    }

    @Test
    void noFitGivesTheCountedReasons() {
        List<NodeInfo> nodes = List.of(state(node("a", "1", "1Gi").build()), state(node("b", "1", "1Gi").build()));
        Algorithm.Decision decision = new Algorithm(0).schedule(info(pod("big", "2", null).build()), nodes,
                BuiltinPlugins.filters(), BuiltinPlugins.scores());
        assertNull(decision.node());
        assertEquals("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
                + "2 No preemption victims found for incoming pod.", decision.fitError().message());
    }

    @Test
    void theBestScoreWins() {
        NodeInfo busy = state(node("busy", "4", "8Gi").build(), pod("x", "3", "6Gi").build());
        NodeInfo idle = state(node("idle", "4", "8Gi").build());
        for (int i = 0; i < 5; i++) {
            assertEquals("idle", new Algorithm(0).schedule(info(pod("p", "100m", "100Mi").build()), List.of(busy, idle),
                    BuiltinPlugins.filters(), BuiltinPlugins.scores()).node());
        }
    }
}
