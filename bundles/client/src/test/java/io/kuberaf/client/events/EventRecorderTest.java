package io.kuberaf.client.events;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRecorderTest {

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(0, 49530);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        client.close();
        cluster.close();
    }

    @Test
    void repeatsOfOneEventFoldIntoACountAndOthersStayApart() throws Exception {
        ConfigMap object = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("events-target").endMetadata().build()).create();
        try (EventRecorder recorder = new EventRecorder(client, "test-controller", "host-1")) {
            recorder.warning(object, "BackOff", "Back-off restarting failed container");
            recorder.warning(object, "BackOff", "Back-off restarting failed container");
            recorder.warning(object, "BackOff", "Back-off restarting failed container");
            recorder.normal(object, "Pulled", "Container image \"busybox\" already present on machine");
        }
        List<Event> events = await(() -> {
            List<Event> found = eventsFor("events-target");
            return found.size() == 2 && found.stream().anyMatch(e -> e.getCount() == 3) ? found : null;
        });
        Event backOff = events.stream().filter(e -> e.getReason().equals("BackOff")).findFirst().orElseThrow();
        assertEquals(3, backOff.getCount());
        assertEquals("Warning", backOff.getType());
        assertEquals("test-controller", backOff.getSource().getComponent());
        assertEquals("host-1", backOff.getSource().getHost());
        assertEquals("ConfigMap", backOff.getInvolvedObject().getKind());
        assertEquals(object.getMetadata().getUid(), backOff.getInvolvedObject().getUid());
        assertTrue(backOff.getMetadata().getName().startsWith("events-target."));
    }

    @Test
    void eventsOfClusterScopedObjectsGoToTheDefaultNamespace() throws Exception {
        Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName("events-node").endMetadata().build()).create();
        try (EventRecorder recorder = new EventRecorder(client, "kubelet", "events-node")) {
            recorder.normal(node, "NodeReady", "Node events-node status is now: NodeReady");
        }
        Event event = await(() -> eventsFor("events-node").stream().findFirst().orElse(null));
        assertEquals("default", event.getMetadata().getNamespace());
        assertEquals("Node", event.getInvolvedObject().getKind());
    }

    private static List<Event> eventsFor(String name) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    private static <T> T await(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value;
        while ((value = probe.get()) == null) {
            assertTrue(System.nanoTime() < deadline, "not within 20 s");
            Thread.sleep(50);
        }
        return value;
    }
}
