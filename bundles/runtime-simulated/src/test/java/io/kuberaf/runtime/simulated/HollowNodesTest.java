package io.kuberaf.runtime.simulated;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.kubelet.KubeletContext;
import io.kuberaf.kubelet.Launcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import static io.kuberaf.runtime.simulated.KubeletTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fifty hollow kubelets in one JVM register Ready nodes, share one pod watch, and run pods. */
class HollowNodesTest {

    private static final Logger LOG = LoggerFactory.getLogger(HollowNodesTest.class);
    private static final int NODES = 50;

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static KubeletContext context;
    private static Launcher launcher;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, 48620);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        informers = new SharedInformersImpl(client, 0);
        context = new KubeletContext(client, informers, 8);
        launcher = new Launcher(context);
    }

    @AfterAll
    static void stop() throws Exception {
        launcher.close();
        context.close();
        informers.close();
        client.close();
        cluster.close();
    }

    @Test
    void fiftyHollowNodesRegisterReadyAndRunPods() {
        HollowNodes hollow = new HollowNodes(launcher, client, Settings.DEFAULTS, 4, 16L << 30, Duration.ofSeconds(2));
        long heapBefore = usedHeapAfterGc();
        List<String> names = hollow.add(NODES, HollowNodes.DEFAULT_PREFIX);
        assertEquals("hollow-0001", names.get(0));
        assertEquals("hollow-0050", names.get(NODES - 1));

        List<Node> ready = await("50 Ready hollow nodes", () -> client.nodes().withLabel(HollowNodes.LABEL, "true").list().getItems(),
                nodes -> nodes.size() == NODES && nodes.stream().allMatch(HollowNodesTest::isReady));
        Node one = ready.get(0);
        assertEquals("4", one.getStatus().getCapacity().get("cpu").getAmount());
        assertEquals("simulated://0.1.0", one.getStatus().getNodeInfo().getContainerRuntimeVersion());

        for (int i = 1; i <= 5; i++) {
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("hollow-pod-" + i).endMetadata()
                    .withNewSpec().withNodeName(String.format("hollow-%04d", i * 10))
                    .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build()).create();
        }
        await("pods Running on hollow nodes", () -> client.pods().inNamespace("default").list().getItems(),
                pods -> pods.size() == 5 && pods.stream().allMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
        assertEquals(1, hollow.list().get(9).podCount());

        long heapAfter = usedHeapAfterGc();
        long threads = ManagementFactory.getThreadMXBean().getThreadCount();
        LOG.info("{} hollow nodes: heap used {} KiB more ({} KiB per node), {} threads in the JVM", NODES,
                (heapAfter - heapBefore) / 1024, (heapAfter - heapBefore) / 1024 / NODES, threads);

        List<String> removed = hollow.remove(10);
        assertEquals(10, removed.size());
        await("removed nodes gone", () -> client.nodes().withLabel(HollowNodes.LABEL, "true").list().getItems().size(), n -> n == NODES - 10);
        assertTrue(hollow.removeAll().size() == NODES - 10);
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        KubeletTest.sleep(200);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
