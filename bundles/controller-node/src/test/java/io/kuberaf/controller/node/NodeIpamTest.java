package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.kuberaf.controller.node.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node IPAM against a real apiserver, in a 10.100.0.0/19 cluster CIDR: 32 node CIDRs of /24. */
class NodeIpamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Settings SETTINGS = Settings.defaults()
            .withTimings(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(5))
            .withClusterCidr("10.100.0.0/19", 24);

    private static TestNodes nodes;
    private static NodeControllers controllers;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TestNodes(48850);
        controllers = new NodeControllers(nodes.client, nodes.informers, SETTINGS).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controllers != null) {
            controllers.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void cidrsAreUniqueReusedAfterDeleteRebuiltOnRestartAndExhaustionIsReported() {
        createNodes("a", 20);
        Map<String, String> first = awaitCidrs(20);
        assertUniqueAndInRange(first);

        List<String> deleted = IntStream.range(0, 10).mapToObj(i -> "a" + i).toList();
        deleted.forEach(name -> nodes.client.nodes().withName(name).delete());
        await(TIMEOUT, "deleted nodes gone", () -> nodes.client.nodes().list().getItems().size() == 10);
        createNodes("b", 20);
        Map<String, String> second = awaitCidrs(30);
        assertUniqueAndInRange(second);
        Set<String> released = deleted.stream().map(first::get).collect(Collectors.toSet());
        assertTrue(second.values().stream().anyMatch(released::contains), "CIDRs of deleted nodes are handed out again");

        controllers.close();
        createNodes("c", 2);
        assertNull(nodes.node("c0").getSpec().getPodCIDR(), "no controller running: no CIDR yet");
        controllers = new NodeControllers(nodes.client, nodes.informers, SETTINGS).start();
        Map<String, String> afterRestart = awaitCidrs(32);
        assertUniqueAndInRange(afterRestart);
        second.forEach((node, cidr) -> assertEquals(cidr, afterRestart.get(node), "existing nodes keep their CIDR"));

        createNodes("full", 1);
        await(TIMEOUT, "CIDRNotAvailable event", () -> nodes.client.v1().events().inNamespace("default").list().getItems()
                .stream().anyMatch(e -> "full0".equals(e.getInvolvedObject().getName()) && "CIDRNotAvailable".equals(e.getReason())));
        assertNull(nodes.node("full0").getSpec().getPodCIDR());
        String freed = afterRestart.get("b0");
        nodes.client.nodes().withName("b0").delete();
        await(TIMEOUT, "the waiting node gets the freed CIDR", () -> freed.equals(nodes.node("full0").getSpec().getPodCIDR()));
        assertUniqueAndInRange(awaitCidrs(32));
    }

    private static void createNodes(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            nodes.client.nodes().resource(new NodeBuilder().withNewMetadata().withName(prefix + i).endMetadata()
                    .withNewSpec().endSpec().build()).create();
        }
    }

    /** Waits until there are {@code count} nodes, all with a pod CIDR; node name to CIDR. */
    private static Map<String, String> awaitCidrs(int count) {
        await(TIMEOUT, count + " nodes with a pod CIDR", () -> {
            List<Node> all = nodes.client.nodes().list().getItems();
            return all.size() == count && all.stream().allMatch(n -> n.getSpec().getPodCIDR() != null);
        });
        return nodes.client.nodes().list().getItems().stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n.getSpec().getPodCIDR(), (x, y) -> x));
    }

    private static void assertUniqueAndInRange(Map<String, String> cidrs) {
        assertEquals(cidrs.size(), new HashSet<>(cidrs.values()).size(), "no CIDR handed out twice: " + cidrs);
        for (Map.Entry<String, String> entry : cidrs.entrySet()) {
            assertTrue(entry.getValue().matches("10\\.100\\.([0-9]|[12][0-9]|3[01])\\.0/24"), entry.toString());
            Node node = nodes.node(entry.getKey());
            assertEquals(List.of(entry.getValue()), node.getSpec().getPodCIDRs(), "podCIDRs matches podCIDR");
        }
        assertFalse(cidrs.isEmpty());
    }
}
