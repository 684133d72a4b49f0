package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** A test cluster, a client, shared informers, and a stand-in for kubelets: nodes whose Leases it renews. */
final class TestNodes implements AutoCloseable {

    final TestCluster cluster;
    final KubernetesClient client;
    final SharedInformersImpl informers;
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService kubelets = Executors.newSingleThreadScheduledExecutor();

    TestNodes(int ignitePortBase) throws Exception {
        cluster = new TestCluster(0, ignitePortBase);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
        createNamespace(NodeLifecycleController.LEASE_NAMESPACE);
        kubelets.scheduleWithFixedDelay(this::renewAll, 200, 200, TimeUnit.MILLISECONDS);
    }

    void createNamespace(String name) {
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** A node whose kubelet posted Ready=True, with a Lease that is renewed until {@link #stopKubelet}. */
    Node readyNode(String name) {
        Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec().build()).create();
        postStatus(name, "True");
        client.resources(Lease.class).inNamespace(NodeLifecycleController.LEASE_NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(NodeLifecycleController.LEASE_NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(now()).endSpec()
                .build()).create();
        alive.add(name);
        return node;
    }

    /** What a kubelet posts: Ready with a fresh heartbeat, and the pressure conditions False. */
    void postStatus(String name, String ready) {
        String now = Times.format(Instant.now());
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("Ready", ready, ready.equals("True") ? "KubeletReady" : "KubeletNotReady", now));
        for (String pressure : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            conditions.add(condition(pressure, "False", "KubeletHasSufficient" + pressure, now));
        }
        retryOnConflict(() -> client.nodes().withName(name).editStatus(node -> {
            if (node.getStatus() == null) {
                node.setStatus(new NodeStatus());
            }
            node.getStatus().setConditions(conditions);
            return node;
        }));
    }

    /** Runs a read-modify-write again while it conflicts with the controllers' writes, as their clients do. */
    static void retryOnConflict(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private static NodeCondition condition(String type, String status, String reason, String now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    void stopKubelet(String name) {
        alive.remove(name);
    }

    /** The kubelet is back: it posts Ready=True and renews its Lease again. */
    void restartKubelet(String name) {
        postStatus(name, "True");
        alive.add(name);
    }

    private void renewAll() {
        for (String name : alive) {
            try {
                client.resources(Lease.class).inNamespace(NodeLifecycleController.LEASE_NAMESPACE).withName(name)
                        .edit(lease -> {
                            lease.getSpec().setRenewTime(now());
                            return lease;
                        });
            } catch (KubernetesClientException e) {
                // the next round retries
            }
        }
    }

    Node node(String name) {
        return client.nodes().withName(name).get();
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Timed out after " + timeout + " waiting for: " + what);
            }
            pause(100);
        }
    }

    /** Checks {@code condition} every 100 ms for {@code period}; fails as soon as it is false. */
    static void holds(Duration period, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(period);
        while (Instant.now().isBefore(end)) {
            if (!condition.getAsBoolean()) {
                fail("No longer true: " + what);
            }
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        kubelets.shutdownNow();
        informers.close();
        client.close();
        cluster.close();
    }
}
