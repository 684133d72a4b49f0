package io.kuberaf.client.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller runtime against a real apiserver: informers feed keys, failures retry, close stops. */
class ControllerTest {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(0, 49500);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        informers.close();
        client.close();
        cluster.close();
    }

    @Test
    void existingAndNewObjectsAreReconciledAndFailuresRetryWithBackoff() throws Exception {
        createConfigMap("before-start", "ctl-a");
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Controller controller = Controller.builder("test-a")
                .watch(informers.informer(ConfigMap.class), cm -> cm.getMetadata().getName().startsWith("ctl-a")
                        ? List.of(Keys.of(cm)) : List.of())
                .reconciler(key -> {
                    int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    if (key.endsWith("flaky") && call < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    return Result.done();
                })
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .workers(2)
                .build();
        controller.start();
        try {
            awaitTrue(() -> calls.containsKey("default/ctl-a-before-start"));
            createConfigMap("flaky", "ctl-a");
            awaitTrue(() -> calls.containsKey("default/ctl-a-flaky") && calls.get("default/ctl-a-flaky").get() == 3);
            Thread.sleep(300);
            assertEquals(3, calls.get("default/ctl-a-flaky").get(), "no more calls once it succeeded");
        } finally {
            controller.close();
        }
        createConfigMap("after-close", "ctl-a");
        Thread.sleep(500);
        assertFalse(calls.containsKey("default/ctl-a-after-close"), "a closed controller's handler is removed");
    }

    @Test
    void secondaryObjectsEnqueueTheirOwnerAndResultRequeues() throws Exception {
        AtomicInteger ownerCalls = new AtomicInteger();
        Controller controller = Controller.builder("test-b")
                .watch(informers.informer(ConfigMap.class), cm -> {
                    String owner = cm.getMetadata().getLabels() == null ? null : cm.getMetadata().getLabels().get("owner");
                    return owner == null ? List.of() : List.of(Keys.of("default", owner));
                })
                .reconciler(key -> ownerCalls.incrementAndGet() < 3 ? Result.requeueAfter(Duration.ofMillis(50)) : Result.done())
                .build();
        controller.start();
        try {
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("ctl-b-child").addToLabels("owner", "ctl-b-owner").endMetadata()
                    .build()).create();
            awaitTrue(() -> ownerCalls.get() >= 3);
        } finally {
            controller.close();
        }
    }

    @Test
    void onlyOneMemberLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        AtomicInteger leading = new AtomicInteger();
        AutoCloseable leadership = leading::decrementAndGet;
        LeaderElection first = LeaderElection.start(client, "test-lease", () -> {
            leading.incrementAndGet();
            return leadership;
        });
        awaitTrue(first::isLeading);
        LeaderElection second = LeaderElection.start(client, "test-lease", () -> {
            leading.incrementAndGet();
            return leadership;
        });
        try {
            Thread.sleep(3000);
            assertEquals(1, leading.get());
            assertFalse(second.isLeading());
            first.close();
            awaitTrue(second::isLeading);
            assertEquals(1, leading.get());
        } finally {
            second.close();
        }
        assertEquals(0, leading.get());
    }

    private static void createConfigMap(String name, String prefix) {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(prefix + "-" + name).endMetadata().addToData("k", "v").build()).create();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }
}
