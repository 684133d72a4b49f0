package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.WatcherException;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ReplicaSet and ReplicationController controllers against a real apiserver; FakeKubelet makes pods ready. */
class ReplicationControllersTest {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static AutoCloseable controllers;
    private static FakeKubelet kubelet;
    private String namespace;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(0, 49000);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
        controllers = ReplicationControllers.start(client, informers, 3, 500);
        kubelet = new FakeKubelet(client, Duration.ofMillis(100));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        kubelet.close();
        controllers.close();
        informers.close();
        client.close();
        cluster.close();
    }

    @BeforeEach
    void createNamespace(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 20);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    @AfterEach
    void releaseKubelet() {
        kubelet.release();
    }

    @Test
    void replicaSetKeepsItsPodsAndReportsStatus() {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).resource(replicaSet("web", 3, "web")).create();
        awaitReadyReplicaSet("web", 3);
        List<Pod> pods = activePods("web");
        assertEquals(3, pods.size());
        for (Pod pod : pods) {
            assertTrue(pod.getMetadata().getName().startsWith("web-"), pod.getMetadata().getName());
            OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
            assertEquals(List.of("ReplicaSet", "apps/v1", "web", rs.getMetadata().getUid(), true, true),
                    List.of(owner.getKind(), owner.getApiVersion(), owner.getName(), owner.getUid(), owner.getController(),
                            owner.getBlockOwnerDeletion()));
            assertEquals("v1", pod.getMetadata().getAnnotations().get("template-annotation"));
        }
        ReplicaSet current = client.apps().replicaSets().inNamespace(namespace).withName("web").get();
        assertEquals(3, current.getStatus().getFullyLabeledReplicas());
        assertEquals(3, current.getStatus().getAvailableReplicas());
        assertEquals(current.getMetadata().getGeneration(), current.getStatus().getObservedGeneration());

        String victim = pods.get(0).getMetadata().getName();
        client.pods().inNamespace(namespace).withName(victim).delete();
        Await.until("a replacement for " + victim, () -> {
            List<Pod> now = activePods("web");
            return now.size() == 3 && now.stream().noneMatch(pod -> pod.getMetadata().getName().equals(victim));
        });
        awaitReadyReplicaSet("web", 3);
        Set<String> messages = events("web").stream().map(Event::getMessage).collect(Collectors.toSet());
        assertTrue(messages.contains("Created pod: " + pods.get(1).getMetadata().getName()), messages.toString());
        assertEquals(4, events("web").stream().filter(event -> "SuccessfulCreate".equals(event.getReason())).count());
    }

    @Test
    void expectationsPreventCreatingTwiceUnderABurstOfEvents() throws Exception {
        Set<String> added = ConcurrentHashMap.newKeySet();
        try (Watch ignored = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    added.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.apps().replicaSets().inNamespace(namespace).resource(replicaSet("burst", 25, "burst")).create();
            // Every annotation change enqueues the ReplicaSet again while its creates are in flight.
            for (int i = 0; i < 20; i++) {
                int round = i;
                client.apps().replicaSets().inNamespace(namespace).withName("burst").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"poke\":\"" + round + "\"}}}");
            }
            awaitReadyReplicaSet("burst", 25);
            Thread.sleep(1000);   // time for any extra create to show up
            assertEquals(25, added.size(), "pods created for 25 replicas");
            assertEquals(25, activePods("burst").size());
        }
    }

    @Test
    void scalingDownDeletesTheLeastValuablePods() {
        kubelet.holdBack(pod -> namespace.equals(pod.getMetadata().getNamespace()));
        client.apps().replicaSets().inNamespace(namespace).resource(replicaSet("scale", 4, "scale")).create();
        Await.until("4 pods", () -> activePods("scale").size() == 4);
        List<Pod> pods = activePods("scale");
        Instant now = Instant.now();
        Pod readyLong = pods.get(0);
        Pod readyBriefly = pods.get(1);
        FakeKubelet.markReady(client, readyLong, now.minusSeconds(600));
        FakeKubelet.markReady(client, readyBriefly, now.minusSeconds(5));
        Pod restarting = pods.get(2);
        Pod notReady = pods.get(3);
        FakeKubelet.setStatus(client, restarting, false, now, 3);
        Await.until("2 ready", () -> readyReplicas("scale") == 2);

        client.apps().replicaSets().inNamespace(namespace).withName("scale").scale(2);
        Await.until("2 pods left", () -> activePods("scale").size() == 2);
        assertEquals(Set.of(readyLong.getMetadata().getName(), readyBriefly.getMetadata().getName()), names(activePods("scale")));
        assertFalse(names(allPods()).contains(notReady.getMetadata().getName()));
        assertFalse(names(allPods()).contains(restarting.getMetadata().getName()));

        client.apps().replicaSets().inNamespace(namespace).withName("scale").scale(1);
        Await.until("1 pod left", () -> activePods("scale").size() == 1);
        assertEquals(Set.of(readyLong.getMetadata().getName()), names(activePods("scale")));
        assertTrue(events("scale").stream().anyMatch(event -> ("Deleted pod: " + readyBriefly.getMetadata().getName()).equals(event.getMessage())));

        client.apps().replicaSets().inNamespace(namespace).withName("scale").scale(3);
        Await.until("3 pods again", () -> activePods("scale").size() == 3);
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() {
        Pod orphan = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName("orphan").withLabels(Map.of("app", "adopt")).endMetadata()
                .withSpec(template("adopt").getSpec()).build()).create();
        ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).resource(replicaSet("adopter", 2, "adopt")).create();
        awaitReadyReplicaSet("adopter", 2);
        Pod adopted = client.pods().inNamespace(namespace).withName("orphan").get();
        OwnerReference owner = adopted.getMetadata().getOwnerReferences().get(0);
        assertEquals(rs.getMetadata().getUid(), owner.getUid());
        assertTrue(owner.getController() && owner.getBlockOwnerDeletion());
        assertEquals(orphan.getMetadata().getUid(), adopted.getMetadata().getUid());
        assertEquals(2, activePods("adopt").size(), "one pod adopted, one created");

        client.pods().inNamespace(namespace).withName("orphan").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"app\":\"elsewhere\"}}}");
        Await.until("the relabelled pod is released", () -> {
            Pod released = client.pods().inNamespace(namespace).withName("orphan").get();
            return released.getMetadata().getOwnerReferences() == null || released.getMetadata().getOwnerReferences().isEmpty();
        });
        Await.until("a replacement for the released pod", () -> activePods("adopt").size() == 2
                && activePods("adopt").stream().allMatch(pod -> !pod.getMetadata().getOwnerReferences().isEmpty()));
        assertEquals(2, client.apps().replicaSets().inNamespace(namespace).withName("adopter").get().getStatus().getReplicas());
    }

    @Test
    void replicationControllerKeepsAdoptsAndScales() {
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName("stray").withLabels(Map.of("app", "rc")).endMetadata()
                .withSpec(template("rc").getSpec()).build()).create();
        ReplicationController rc = client.replicationControllers().inNamespace(namespace).resource(new ReplicationControllerBuilder()
                .withNewMetadata().withName("legacy").endMetadata()
                .withNewSpec().withReplicas(2).withSelector(Map.of("app", "rc")).withTemplate(template("rc")).endSpec()
                .build()).create();
        Await.until("the RC reports 2 ready", () -> {
            ReplicationController current = client.replicationControllers().inNamespace(namespace).withName("legacy").get();
            return current.getStatus() != null && Integer.valueOf(2).equals(current.getStatus().getReadyReplicas())
                    && Integer.valueOf(2).equals(current.getStatus().getAvailableReplicas());
        });
        Pod stray = client.pods().inNamespace(namespace).withName("stray").get();
        assertEquals(List.of("ReplicationController", "v1", rc.getMetadata().getUid()), List.of(
                stray.getMetadata().getOwnerReferences().get(0).getKind(), stray.getMetadata().getOwnerReferences().get(0).getApiVersion(),
                stray.getMetadata().getOwnerReferences().get(0).getUid()));

        client.pods().inNamespace(namespace).withName("stray").delete();
        Await.until("a replacement", () -> activePods("rc").size() == 2 && !names(activePods("rc")).contains("stray"));

        client.replicationControllers().inNamespace(namespace).withName("legacy").scale(4);
        Await.until("4 pods", () -> activePods("rc").size() == 4);
        client.replicationControllers().inNamespace(namespace).withName("legacy").scale(1);
        Await.until("1 pod", () -> activePods("rc").size() == 1);
        Await.until("status: 1 replica at the latest generation", () -> {
            ReplicationController current = client.replicationControllers().inNamespace(namespace).withName("legacy").get();
            return Integer.valueOf(1).equals(current.getStatus().getReplicas())
                    && current.getMetadata().getGeneration().equals(current.getStatus().getObservedGeneration());
        });
    }

    // ---- helpers ----

    private ReplicaSet replicaSet(String name, int replicas, String app) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withTemplate(template(app))
                .endSpec()
                .build();
    }

    private static PodTemplateSpec template(String app) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Map.of("app", app)).withAnnotations(Map.of("template-annotation", "v1")).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox:1").endContainer().endSpec()
                .build();
    }

    private void awaitReadyReplicaSet(String name, int replicas) {
        Await.until(name + " has " + replicas + " ready replicas", () -> readyReplicas(name) == replicas
                && activePods(name).size() == replicas, () -> String.valueOf(
                client.apps().replicaSets().inNamespace(namespace).withName(name).get().getStatus()));
    }

    private int readyReplicas(String name) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    /** Pods with app=<app> or owned by an object of that name, not terminating. */
    private List<Pod> activePods(String appOrOwner) {
        return allPods().stream()
                .filter(Pods::isActive)
                .filter(pod -> appOrOwner.equals(pod.getMetadata().getLabels().get("app"))
                        || pod.getMetadata().getOwnerReferences().stream().anyMatch(ref -> appOrOwner.equals(ref.getName())))
                .toList();
    }

    private List<Pod> allPods() {
        return client.pods().inNamespace(namespace).list().getItems();
    }

    private List<Event> events(String about) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> about.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
    }
}
