package io.kuberaf.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.scheduler.internal.PluginSet;
import io.kuberaf.scheduler.internal.Scheduler;
import io.kuberaf.scheduler.internal.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static io.kuberaf.scheduler.Fixtures.node;
import static io.kuberaf.scheduler.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The scheduler against a real apiserver (in-memory store) with three Nodes created through the API
 * (no kubelet): n1 labelled disk=ssd, n2, n3 tainted dedicated=infra:NoSchedule; 4 CPUs and 8 Gi each.
 */
class SchedulerClusterTest {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, 48900);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
        createNode(node("n1", "4", "8Gi").editMetadata().addToLabels("disk", "ssd").endMetadata().build());
        createNode(node("n2", "4", "8Gi").build());
        createNode(node("n3", "4", "8Gi").editSpec().addNewTaint().withKey("dedicated").withValue("infra")
                .withEffect("NoSchedule").endTaint().endSpec().build());
        scheduler = newScheduler();
    }

    private static Scheduler newScheduler() {
        Scheduler started = new Scheduler(client, informers, Settings.defaults(), new PluginSet(), "test");
        started.start();
        return started;
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (informers != null) {
            informers.close();
        }
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Creates a Node, then sets its status (allocatable, Ready) as a kubelet would. */
    static void createNode(Node node) {
        client.nodes().resource(node).create();
        client.nodes().withName(node.getMetadata().getName()).editStatus(current -> {
            current.setStatus(node.getStatus());
            return current;
        });
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    private static Pod create(String namespace, PodBuilder pod) {
        return client.pods().inNamespace(namespace).resource(pod.editMetadata().withNamespace(namespace).withUid(null)
                .endMetadata().build()).create();
    }

    private static PodBuilder tolerant(PodBuilder pod) {
        return pod.editSpec().addNewToleration().withKey("dedicated").withOperator("Equal").withValue("infra")
                .withEffect("NoSchedule").endToleration().endSpec();
    }

    private static String nodeOf(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        return pod == null ? null : pod.getSpec().getNodeName();
    }

    private static String awaitBound(String namespace, String name) {
        await(() -> nodeOf(namespace, name) != null, "pod " + name + " bound");
        return nodeOf(namespace, name);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        fail("timed out waiting for " + what);
    }

    private static List<Event> events(String namespace, String pod, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    private static void deletePods(String namespace) {
        client.pods().inNamespace(namespace).withGracePeriod(0).delete();
        await(() -> client.pods().inNamespace(namespace).list().getItems().isEmpty(), "pods of " + namespace + " deleted");
    }

    @Test
    void respectsResourcesAndTaintsReportsWhyAndSchedulesOnANewBigNode() {
        String ns = namespace("resources");
        create(ns, pod("big-1", "3", "1Gi"));
        create(ns, pod("big-2", "3", "1Gi"));
        Set<String> used = new HashSet<>(List.of(awaitBound(ns, "big-1"), awaitBound(ns, "big-2")));
        assertEquals(Set.of("n1", "n2"), used, "one 3-CPU pod per untainted node");

        create(ns, pod("big-3", "3", "1Gi"));
        String expected = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}, 2 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.";
        await(() -> !events(ns, "big-3", "FailedScheduling").isEmpty(), "FailedScheduling event");
        Event failed = events(ns, "big-3", "FailedScheduling").get(0);
        assertEquals(expected, failed.getMessage());
        assertEquals("Warning", failed.getType());
        assertEquals("default-scheduler", failed.getSource().getComponent());
        await(() -> podScheduledCondition(ns, "big-3") != null, "PodScheduled condition");
        PodCondition condition = podScheduledCondition(ns, "big-3");
        assertEquals("False", condition.getStatus());
        assertEquals("Unschedulable", condition.getReason());
        assertEquals(expected, condition.getMessage());
        assertEquals(null, nodeOf(ns, "big-3"));

        createNode(node("n4", "16", "32Gi").build());
        assertEquals("n4", awaitBound(ns, "big-3"));
        await(() -> !events(ns, "big-3", "Scheduled").isEmpty(), "Scheduled event");
        assertEquals("Successfully assigned resources/big-3 to n4", events(ns, "big-3", "Scheduled").get(0).getMessage());
        deletePods(ns);
        client.nodes().withName("n4").delete();
        await(() -> informers.informer(Node.class).getStore().getByKey("n4") == null, "n4 gone from the informer");
    }

    private static PodCondition podScheduledCondition(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        return pod.getStatus() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    }

    @Test
    void selectorsAndNodeAffinity() {
        String ns = namespace("selectors");
        create(ns, pod("ssd", "100m", null).editSpec().addToNodeSelector("disk", "ssd").endSpec());
        create(ns, tolerant(pod("not-n1-n2", "100m", null)).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("NotIn").withValues("n1", "n2")
                .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec());
        create(ns, pod("by-field", "100m", null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchField().withKey("metadata.name").withOperator("In").withValues("n2").endMatchField()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec());
        assertEquals("n1", awaitBound(ns, "ssd"));
        assertEquals("n3", awaitBound(ns, "not-n1-n2"));
        assertEquals("n2", awaitBound(ns, "by-field"));
        deletePods(ns);
    }

    @Test
    void requiredAntiAffinityPutsOnePodPerNode() {
        String ns = namespace("anti");
        for (int i = 0; i < 4; i++) {
            create(ns, tolerant(pod("web-" + i, "100m", null)).editMetadata().addToLabels("app", "web").endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "web")
                    .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
                    .endAffinity().endSpec());
        }
        await(() -> client.pods().inNamespace(ns).list().getItems().stream().filter(p -> p.getSpec().getNodeName() != null)
                .count() == 3, "three web pods bound");
        await(() -> client.pods().inNamespace(ns).list().getItems().stream()
                .anyMatch(p -> !events(ns, p.getMetadata().getName(), "FailedScheduling").isEmpty()), "the fourth reported");
        Set<String> nodes = new HashSet<>();
        String pending = null;
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            if (pod.getSpec().getNodeName() == null) {
                pending = pod.getMetadata().getName();
            } else {
                nodes.add(pod.getSpec().getNodeName());
            }
        }
        assertEquals(Set.of("n1", "n2", "n3"), nodes);
        assertNotNull(pending);
        assertEquals("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: "
                + "0/3 nodes are available: 3 No preemption victims found for incoming pod.",
                events(ns, pending, "FailedScheduling").get(0).getMessage());
        deletePods(ns);
    }

    @Test
    void spreadsTheReplicationControllersPods() {
        String ns = namespace("spread");
        ReplicationController rc = client.replicationControllers().inNamespace(ns).resource(new ReplicationControllerBuilder()
                .withNewMetadata().withName("frontend").endMetadata()
                .withNewSpec().withReplicas(0).addToSelector("app", "frontend").withNewTemplate().withNewMetadata()
                .addToLabels("app", "frontend").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        for (int i = 0; i < 6; i++) {
            create(ns, tolerant(pod("frontend-" + i, "10m", "10Mi")).editMetadata().addToLabels("app", "frontend")
                    .addNewOwnerReference().withApiVersion("v1").withKind("ReplicationController").withName("frontend")
                    .withUid(rc.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata());
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            perNode.merge(awaitBound(ns, "frontend-" + i), 1, Integer::sum);
        }
        assertEquals(Map.of("n1", 2, "n2", 2, "n3", 2), perNode);
        deletePods(ns);
    }

    @Test
    void aNewSchedulerAfterARestartDoesNotBindTwice() {
        String ns = namespace("restart");
        for (int i = 0; i < 5; i++) {
            create(ns, pod("before-" + i, "10m", null));
        }
        for (int i = 0; i < 5; i++) {
            awaitBound(ns, "before-" + i);
        }
        scheduler.close();
        for (int i = 0; i < 5; i++) {
            create(ns, pod("during-" + i, "10m", null));
        }
        scheduler = newScheduler();
        for (int i = 0; i < 5; i++) {
            create(ns, pod("after-" + i, "10m", null));
        }
        for (String prefix : List.of("before-", "during-", "after-")) {
            for (int i = 0; i < 5; i++) {
                String name = prefix + i;
                assertNotEquals(null, awaitBound(ns, name));
                await(() -> !events(ns, name, "Scheduled").isEmpty(), "Scheduled event of " + name);
            }
        }
        // Every pod was bound exactly once: one Scheduled event each, no refused binding.
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            assertEquals(1, events(ns, pod.getMetadata().getName(), "Scheduled").size(), pod.getMetadata().getName());
            assertTrue(events(ns, pod.getMetadata().getName(), "FailedScheduling").isEmpty(), pod.getMetadata().getName());
        }
        deletePods(ns);
    }
}
