package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.controller.replication.Await;
import io.kuberaf.controller.replication.FakeKubelet;
import io.kuberaf.controller.replication.ReplicationControllers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Deployment controller with the ReplicaSet controller against a real apiserver; FakeKubelet makes pods ready. */
class DeploymentControllerTest {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static AutoCloseable replicaSets;
    private static AutoCloseable deployments;
    private static FakeKubelet kubelet;
    private String namespace;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(0, 49030);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
        replicaSets = ReplicationControllers.start(client, informers, 3, 500);
        deployments = DeploymentControllerComponent.start(client, informers, 3);
        kubelet = new FakeKubelet(client, Duration.ofMillis(150));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        kubelet.close();
        deployments.close();
        replicaSets.close();
        informers.close();
        client.close();
        cluster.close();
    }

    @BeforeEach
    void createNamespace(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        namespace = method.substring(0, Math.min(20, method.length()));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    @AfterEach
    void releaseKubelet() {
        kubelet.release();
    }

    @Test
    void createMakesAHashedReplicaSetAtRevisionOne() {
        create(deployment("nginx", 3, "nginx:1"));
        awaitComplete("nginx");
        ReplicaSet rs = single(replicaSetsOf("nginx"));
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertEquals("nginx-" + hash, rs.getMetadata().getName());
        assertEquals(hash, rs.getSpec().getSelector().getMatchLabels().get("pod-template-hash"));
        assertEquals(hash, rs.getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash"));
        assertEquals("1", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals("3", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/desired-replicas"));
        assertEquals("4", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/max-replicas"));
        assertEquals(TemplateHash.of(get("nginx").getSpec().getTemplate(), null), hash, "the hash is a function of the template");

        Deployment d = get("nginx");
        assertEquals("1", d.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals(List.of("True", "MinimumReplicasAvailable"), statusAndReason(d, "Available"));
        assertEquals(List.of("True", "NewReplicaSetAvailable"), statusAndReason(d, "Progressing"));
        assertEquals(List.of(3, 3, 3, 3), List.of(d.getStatus().getReplicas(), d.getStatus().getUpdatedReplicas(),
                d.getStatus().getReadyReplicas(), d.getStatus().getAvailableReplicas()));
        assertTrue(messages("nginx").contains("Scaled up replica set " + rs.getMetadata().getName() + " from 0 to 3"),
                messages("nginx").toString());
        assertEquals(3, pods().size());
    }

    @Test
    void rollingUpdateStaysWithinSurgeAndUnavailabilityThenUndoes(@TempDir Path dir) throws Exception {
        Deployment d = deployment("web", 4, "web:1");
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString("25%")).endRollingUpdate()
                .build());
        create(d);
        awaitComplete("web");
        String firstRs = single(replicaSetsOf("web")).getMetadata().getName();

        PodBounds bounds = new PodBounds(4 + 1, 4 - 1);
        io.fabric8.kubernetes.api.model.PodList before = client.pods().inNamespace(namespace).list();
        before.getItems().forEach(pod -> bounds.pods.put(pod.getMetadata().getName(), pod));
        try (Watch ignored = client.pods().inNamespace(namespace).watch(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withResourceVersion(before.getMetadata().getResourceVersion()).build(), bounds)) {
            setImage("web", "web:2");
            awaitComplete("web");
        }
        assertTrue(bounds.violations.isEmpty(), "bounds broken at: " + bounds.violations);
        assertTrue(bounds.events > 8, "the watch saw the rollout: " + bounds.events + " events");
        assertEquals(2, replicaSetsOf("web").size());
        ReplicaSet second = replicaSetsOf("web").stream().filter(rs -> !rs.getMetadata().getName().equals(firstRs)).findFirst().orElseThrow();
        assertEquals("2", second.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals(0, replicaSet(firstRs).getSpec().getReplicas());
        assertTrue(messages("web").stream().anyMatch(m -> m.startsWith("Scaled down replica set " + firstRs + " from ")), messages("web").toString());

        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        String history = kubectl(kubeconfig, "rollout", "history", "deployment/web");
        assertTrue(history.contains("1 ") && history.contains("2 "), history);
        kubectl(kubeconfig, "rollout", "undo", "deployment/web");
        String status = kubectl(kubeconfig, "rollout", "status", "deployment/web", "--timeout=60s");
        assertTrue(status.contains("successfully rolled out"), status);
        awaitComplete("web");
        ReplicaSet back = replicaSet(firstRs);
        assertEquals("3", back.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals("1", back.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision-history"));
        assertEquals(4, back.getSpec().getReplicas());
        assertEquals("web:1", get("web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("3", get("web").getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals(2, replicaSetsOf("web").size(), "undo re-used the first ReplicaSet");
    }

    @Test
    void recreateStopsEveryOldPodBeforeStartingNewOnes() {
        Deployment d = deployment("db", 3, "db:1");
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder().withType("Recreate").build());
        create(d);
        awaitComplete("db");
        List<String> mixed = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> images = new ConcurrentHashMap<>();
        try (Watch ignored = client.pods().inNamespace(namespace).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    images.remove(pod.getMetadata().getName());
                } else {
                    images.put(pod.getMetadata().getName(), pod.getSpec().getContainers().get(0).getImage());
                }
                if (images.containsValue("db:1") && images.containsValue("db:2")) {
                    mixed.add(images.toString());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            setImage("db", "db:2");
            awaitComplete("db");
        }
        assertTrue(mixed.isEmpty(), "old and new pods at once: " + mixed);
        assertEquals(3, pods().stream().filter(pod -> pod.getSpec().getContainers().get(0).getImage().equals("db:2")).count());
    }

    @Test
    void oldReplicaSetsBeyondTheHistoryLimitAreDeleted() {
        Deployment d = deployment("hist", 1, "hist:1");
        d.getSpec().setRevisionHistoryLimit(1);
        create(d);
        awaitComplete("hist");
        for (int version = 2; version <= 4; version++) {
            setImage("hist", "hist:" + version);
            awaitComplete("hist");
        }
        Await.until("one old ReplicaSet kept", () -> replicaSetsOf("hist").size() == 2,
                () -> replicaSetsOf("hist").stream().map(rs -> rs.getMetadata().getName()).toList().toString());
        List<String> revisions = replicaSetsOf("hist").stream()
                .map(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")).sorted().toList();
        assertEquals(List.of("3", "4"), revisions);
    }

    @Test
    void pausedDeploymentsScaleButDoNotRollOut() throws Exception {
        create(deployment("paused", 2, "paused:1"));
        awaitComplete("paused");
        client.apps().deployments().inNamespace(namespace).withName("paused")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":true}}");
        setImage("paused", "paused:2");
        Await.until("the Deployment reports it is paused", () -> statusAndReason(get("paused"), "Progressing")
                .equals(List.of("Unknown", "DeploymentPaused")));
        client.apps().deployments().inNamespace(namespace).withName("paused").scale(3);
        Await.until("scaled while paused", () -> pods().size() == 3 && replicaSetsOf("paused").size() == 1);
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(1, replicaSetsOf("paused").size(), "no new ReplicaSet while paused");

        client.apps().deployments().inNamespace(namespace).withName("paused")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}");
        awaitComplete("paused");
        assertEquals(3, pods().stream().filter(pod -> pod.getSpec().getContainers().get(0).getImage().equals("paused:2")).count());
    }

    @Test
    void aRolloutThatStallsExceedsItsProgressDeadline() {
        create(deployment("stuck", 2, "stuck:1"));
        awaitComplete("stuck");
        kubelet.holdBack(pod -> namespace.equals(pod.getMetadata().getNamespace()));
        client.apps().deployments().inNamespace(namespace).withName("stuck")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"progressDeadlineSeconds\":2}}");
        setImage("stuck", "stuck:2");
        Await.until("ProgressDeadlineExceeded", () -> statusAndReason(get("stuck"), "Progressing")
                .equals(List.of("False", "ProgressDeadlineExceeded")), () -> String.valueOf(get("stuck").getStatus()));
        assertEquals(List.of("True", "MinimumReplicasAvailable"), statusAndReason(get("stuck"), "Available"),
                "the old pods still serve");

        kubelet.release();
        awaitComplete("stuck");
        assertEquals(List.of("True", "NewReplicaSetAvailable"), statusAndReason(get("stuck"), "Progressing"));
    }

    @Test
    void scalingMidRolloutIsProportional() {
        Deployment d = deployment("prop", 10, "prop:1");
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(3)).withMaxUnavailable(new IntOrString(2)).endRollingUpdate()
                .build());
        create(d);
        awaitComplete("prop");
        kubelet.holdBack(pod -> namespace.equals(pod.getMetadata().getNamespace()));
        setImage("prop", "prop:2");
        // 10 + 3 surge: the new ReplicaSet gets 5 (3 surge + 2 unavailable), the old one drops to 8
        Await.until("the rollout stalls at 8 old + 5 new", () -> sizes("prop").equals(List.of(5, 8)),
                () -> sizes("prop").toString());
        client.apps().deployments().inNamespace(namespace).withName("prop").scale(20);
        // 20 + 3 = 23 allowed, 13 now: +10 split as 8/13 and 5/13 of it
        Await.until("proportional growth", () -> sizes("prop").equals(List.of(9, 14)), () -> sizes("prop").toString());
        kubelet.release();
        awaitComplete("prop");
    }

    // ---- helpers ----

    /** Counts active pods and ready pods at every pod event. */
    private static final class PodBounds implements Watcher<Pod> {
        final int maxTotal;
        final int minReady;
        final Map<String, Pod> pods = new ConcurrentHashMap<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        volatile int events;

        PodBounds(int maxTotal, int minReady) {
            this.maxTotal = maxTotal;
            this.minReady = minReady;
        }

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            events++;
            if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
                pods.remove(pod.getMetadata().getName());
            } else {
                pods.put(pod.getMetadata().getName(), pod);
            }
            long ready = pods.values().stream().filter(DeploymentControllerTest::ready).count();
            if (pods.size() > maxTotal || ready < minReady) {
                violations.add(action + " " + pod.getMetadata().getName() + ": " + pods.size() + " pods, " + ready + " ready");
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private void create(Deployment d) {
        client.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    private Deployment get(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private void setImage(String name, String image) {
        client.apps().deployments().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image + "\"}]");
    }

    /** What kubectl rollout status waits for. */
    private void awaitComplete(String name) {
        Await.until(name + " rolled out", () -> {
            Deployment d = get(name);
            return d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    && d.getSpec().getReplicas().equals(d.getStatus().getUpdatedReplicas())
                    && d.getSpec().getReplicas().equals(d.getStatus().getReplicas())
                    && d.getSpec().getReplicas().equals(d.getStatus().getAvailableReplicas());
        }, () -> String.valueOf(get(name).getStatus()));
    }

    private List<ReplicaSet> replicaSetsOf(String deployment) {
        String uid = get(deployment).getMetadata().getUid();
        return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(ref -> uid.equals(ref.getUid())))
                .toList();
    }

    /** Spec sizes of a Deployment's ReplicaSets, smallest first. */
    private List<Integer> sizes(String deployment) {
        return replicaSetsOf(deployment).stream().map(rs -> rs.getSpec().getReplicas()).sorted().toList();
    }

    private ReplicaSet replicaSet(String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    private static ReplicaSet single(List<ReplicaSet> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static List<String> statusAndReason(Deployment d, String type) {
        Optional<DeploymentCondition> condition = d.getStatus() == null || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
        return condition.map(c -> List.of(c.getStatus(), c.getReason())).orElse(List.of());
    }

    private List<String> messages(String about) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> about.equals(event.getInvolvedObject().getName()))
                .map(Event::getMessage).toList();
    }

    private String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "-n", namespace));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "kubectl " + String.join(" ", args) + " did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "kubectl " + String.join(" ", args) + ": " + output);
        return output;
    }
}
