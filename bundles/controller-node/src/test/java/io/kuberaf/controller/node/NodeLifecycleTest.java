package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.kuberaf.controller.node.TestNodes.await;
import static io.kuberaf.controller.node.TestNodes.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node lifecycle controller, taint eviction and pod GC against a real apiserver, with short timings. */
class NodeLifecycleTest {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String NS = "lifecycle";

    private static TestNodes nodes;
    private static NodeControllers controllers;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TestNodes(48800);
        nodes.createNamespace(NS);
        Settings settings = Settings.defaults()
                .withTimings(Duration.ofMillis(200), GRACE, Duration.ofMillis(500));
        controllers = new NodeControllers(nodes.client, nodes.informers, settings).start();
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
    void nodeIsUnknownAndUnreachableWhenItsLeaseIsNoLongerRenewedAndRecoversWhenItComesBack() {
        nodes.readyNode("n-lifecycle");
        Pod pod = readyPod(runningPod("web", "n-lifecycle", List.of(forever(NodeTaints.UNREACHABLE))));

        holds(GRACE.multipliedBy(3), "a node with a renewed lease stays Ready and untainted",
                () -> "True".equals(ready("n-lifecycle").getStatus()) && managedTaints("n-lifecycle").isEmpty());

        nodes.stopKubelet("n-lifecycle");
        await(TIMEOUT, "Ready Unknown", () -> "Unknown".equals(ready("n-lifecycle").getStatus()));
        NodeCondition ready = ready("n-lifecycle");
        assertEquals("NodeStatusUnknown", ready.getReason());
        assertEquals("Kubelet stopped posting node status.", ready.getMessage());
        for (String pressure : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            assertEquals("Unknown", condition(nodes.node("n-lifecycle"), pressure).getStatus(), pressure);
        }
        await(TIMEOUT, "unreachable taints", () -> managedTaints("n-lifecycle").size() == 2);
        Taint noExecute = taint("n-lifecycle", NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE).orElseThrow();
        assertNotNull(noExecute.getTimeAdded(), "NoExecute taints carry timeAdded");
        assertTrue(taint("n-lifecycle", NodeTaints.UNREACHABLE, NodeTaints.NO_SCHEDULE).isPresent());
        await(TIMEOUT, "the pod on the unreachable node is not Ready", () -> "False".equals(podReady(pod.getMetadata().getName())));

        nodes.restartKubelet("n-lifecycle");
        await(TIMEOUT, "taints removed once the node is Ready again", () -> managedTaints("n-lifecycle").isEmpty());
        assertEquals("True", ready("n-lifecycle").getStatus());
    }

    @Test
    void notReadyNodeGetsNotReadyTaints() {
        nodes.readyNode("n-notready");
        nodes.postStatus("n-notready", "False");
        await(TIMEOUT, "not-ready taints", () -> taint("n-notready", NodeTaints.NOT_READY, NodeTaints.NO_EXECUTE).isPresent()
                && taint("n-notready", NodeTaints.NOT_READY, NodeTaints.NO_SCHEDULE).isPresent());
        assertFalse(taint("n-notready", NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE).isPresent());
        nodes.postStatus("n-notready", "True");
        await(TIMEOUT, "not-ready taints removed", () -> managedTaints("n-notready").isEmpty());
    }

    @Test
    void podsAreEvictedFromAnUnreachableNodeAfterTheirTolerationSeconds() {
        nodes.readyNode("n-evict");
        runningPod("zero", "n-evict", List.of(tolerateFor(NodeTaints.UNREACHABLE, 0)));
        runningPod("short", "n-evict", List.of(tolerateFor(NodeTaints.UNREACHABLE, 3)));
        runningPod("forever", "n-evict", List.of(forever(NodeTaints.UNREACHABLE)));
        Pod defaulted = runningPod("defaulted", "n-evict", List.of());
        assertTrue(defaulted.getSpec().getTolerations().stream().anyMatch(t -> NodeTaints.UNREACHABLE.equals(t.getKey())
                && Long.valueOf(300).equals(t.getTolerationSeconds())), "admission adds the 300 s default toleration");

        nodes.stopKubelet("n-evict");
        await(TIMEOUT, "unreachable NoExecute taint", () -> taint("n-evict", NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE).isPresent());
        Instant taintAdded = Instant.parse(taint("n-evict", NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE).orElseThrow().getTimeAdded());

        await(TIMEOUT, "the pod tolerating 0 s is evicted", () -> evicted("zero"));
        await(TIMEOUT, "the pod tolerating 3 s is evicted", () -> evicted("short"));
        assertFalse(Instant.now().isBefore(taintAdded.plusSeconds(3)), "evicted no earlier than 3 s after the taint");
        assertTrue(eventExists("zero", "TaintManagerEviction", "Marking for deletion Pod " + NS + "/zero"));

        holds(Duration.ofSeconds(3), "pods tolerating the taint for ever or for 300 s stay",
                () -> !evicted("forever") && !evicted("defaulted"));
    }

    @Test
    void podWithoutTolerationForANoExecuteTaintIsEvictedAtOnceAndTheUsersTaintIsKept() {
        nodes.readyNode("n-user-taint");
        runningPod("intolerant", "n-user-taint", List.of());
        runningPod("tolerant", "n-user-taint", List.of(forever("example.com/maintenance")));
        TestNodes.retryOnConflict(() -> nodes.client.nodes().withName("n-user-taint").edit(node -> {
            List<Taint> taints = new ArrayList<>(Optional.ofNullable(node.getSpec().getTaints()).orElse(List.of()));
            taints.add(new TaintBuilder().withKey("example.com/maintenance").withEffect("NoExecute")
                    .withTimeAdded(Times.format(Instant.now())).build());
            node.getSpec().setTaints(taints);
            return node;
        }));
        await(TIMEOUT, "the pod without toleration is evicted", () -> evicted("intolerant"));
        holds(Duration.ofSeconds(2), "the tolerating pod and the user's taint stay",
                () -> !evicted("tolerant") && taint("n-user-taint", "example.com/maintenance", "NoExecute").isPresent());
    }

    @Test
    void terminatingPodsOnADeadNodeAreForceDeletedButNotOnALiveOne() {
        nodes.readyNode("n-dead");
        nodes.readyNode("n-alive");
        runningPod("stuck", "n-dead", List.of(forever(NodeTaints.UNREACHABLE)));
        runningPod("finishing", "n-alive", List.of());
        nodes.stopKubelet("n-dead");
        await(TIMEOUT, "n-dead Unknown", () -> "Unknown".equals(ready("n-dead").getStatus()));

        nodes.client.pods().inNamespace(NS).withName("stuck").withGracePeriod(2).delete();
        nodes.client.pods().inNamespace(NS).withName("finishing").withGracePeriod(2).delete();
        assertNotNull(pod("stuck").getMetadata().getDeletionTimestamp());
        await(TIMEOUT, "the terminating pod on the dead node is force-deleted", () -> pod("stuck") == null);
        Pod finishing = pod("finishing");
        assertNotNull(finishing, "a live node's kubelet finishes its own pods");
        assertNotNull(finishing.getMetadata().getDeletionTimestamp());
    }

    @Test
    void podsBoundToANodeThatDoesNotExistAreDeleted() {
        runningPod("orphan", "n-never-existed", List.of());
        await(TIMEOUT, "the orphan is deleted", () -> pod("orphan") == null);
    }

    // ---- helpers

    private static Pod runningPod(String name, String nodeName, List<Toleration> tolerations) {
        return nodes.client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName(nodeName).withTerminationGracePeriodSeconds(30L)
                .addNewContainer().withName("c").withImage("busybox").endContainer()
                .withTolerations(tolerations)
                .endSpec().build()).create();
    }

    private static Pod readyPod(Pod pod) {
        return nodes.client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(Times.format(Instant.now())).build()));
            return p;
        });
    }

    private static Toleration tolerateFor(String key, long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }

    private static Toleration forever(String key) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").build();
    }

    private static Pod pod(String name) {
        return nodes.client.pods().inNamespace(NS).withName(name).get();
    }

    /** Deleted, or marked for deletion (the kubelet, absent here, would finish it). */
    private static boolean evicted(String name) {
        Pod pod = pod(name);
        return pod == null || pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static String podReady(String name) {
        Pod pod = pod(name);
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse(null);
    }

    private static boolean eventExists(String podName, String reason, String message) {
        return nodes.client.v1().events().inNamespace(NS).list().getItems().stream().anyMatch(e ->
                podName.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && message.equals(e.getMessage()));
    }

    private static NodeCondition ready(String node) {
        return condition(nodes.node(node), "Ready");
    }

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static List<Taint> managedTaints(String node) {
        List<Taint> taints = nodes.node(node).getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().filter(t -> t.getKey().startsWith("node.kubernetes.io/")).toList();
    }

    private static Optional<Taint> taint(String node, String key, String effect) {
        List<Taint> taints = nodes.node(node).getSpec().getTaints();
        return taints == null ? Optional.empty()
                : taints.stream().filter(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())).findFirst();
    }

}
