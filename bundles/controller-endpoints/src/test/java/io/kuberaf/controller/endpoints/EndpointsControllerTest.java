package io.kuberaf.controller.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EndpointsControllerTest {

    private static final int IGNITE_PORT_BASE = 49145;
    private static final String NS = "default";

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static Controller controller;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        informers = cluster.informers();
        controller = new EndpointsController(client, informers).controller(2);
        controller.start();
    }

    @AfterAll
    static void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void readyAndNotReadyPodsWithNamedPortsThenTheServiceGoes() {
        runningPod("web-1", "10.244.0.11", true, "http");
        runningPod("web-2", "10.244.0.12", false, "http");
        runningPod("web-3", "10.244.0.13", true, "other"); // no port named http: left out
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();

        Await.until("endpoints with one ready and one not-ready address", () -> {
            Endpoints endpoints = client.endpoints().inNamespace(NS).withName("web").get();
            return endpoints != null && endpoints.getSubsets().size() == 1
                    && !empty(endpoints.getSubsets().get(0).getNotReadyAddresses());
        });
        EndpointSubset subset = client.endpoints().inNamespace(NS).withName("web").get().getSubsets().get(0);
        assertEquals(List.of("10.244.0.11"), subset.getAddresses().stream().map(EndpointAddress::getIp).toList());
        assertEquals(List.of("10.244.0.12"), subset.getNotReadyAddresses().stream().map(EndpointAddress::getIp).toList());
        assertEquals(8080, subset.getPorts().get(0).getPort());
        assertEquals("http", subset.getPorts().get(0).getName());
        assertEquals("web-1", subset.getAddresses().get(0).getTargetRef().getName());
        assertEquals("node-a", subset.getAddresses().get(0).getNodeName());

        // the slice is written after the Endpoints: wait for it too
        Await.until("one slice for web", () -> slicesOf("web").size() == 1);
        List<EndpointSlice> slices = slicesOf("web");
        assertEquals(1, slices.size());
        EndpointSlice slice = slices.get(0);
        assertEquals("endpointslice-controller.k8s.io", slice.getMetadata().getLabels().get("endpointslice.kubernetes.io/managed-by"));
        assertEquals("IPv4", slice.getAddressType());
        assertEquals("Service", slice.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(8080, slice.getPorts().get(0).getPort());
        assertEquals(List.of("10.244.0.11:true", "10.244.0.12:false"), slice.getEndpoints().stream()
                .map(e -> e.getAddresses().get(0) + ":" + e.getConditions().getReady()).sorted().toList());

        // the not-ready pod becomes ready: it moves
        setStatus("web-2", "10.244.0.12", true);
        Await.until("both ready", () -> {
            EndpointSubset s = client.endpoints().inNamespace(NS).withName("web").get().getSubsets().get(0);
            return empty(s.getNotReadyAddresses()) && s.getAddresses().size() == 2;
        });
        Await.until("both ready in the slice", () -> slicesOf("web").get(0).getEndpoints().stream()
                .allMatch(e -> e.getConditions().getReady()));

        client.services().inNamespace(NS).withName("web").delete();
        Await.until("endpoints and slices deleted", () -> client.endpoints().inNamespace(NS).withName("web").get() == null
                && slicesOf("web").isEmpty());
    }

    @Test
    void aServiceWithoutSelectorKeepsTheUsersEndpoints() {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("external").endMetadata()
                .withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build()).create();
        client.endpoints().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata()
                .withName("external").endMetadata().addNewSubset().addNewAddress().withIp("192.0.2.10").endAddress()
                .addNewPort().withPort(5432).endPort().endSubset().build()).create();
        runningPod("db", "10.244.0.20", true, "http", "db");
        // a headless service with a selector proves the controller is running meanwhile
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("probe").endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", "db").addNewPort().withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        Await.until("probe endpoints", () -> client.endpoints().inNamespace(NS).withName("probe").get() != null);
        assertEquals("", client.endpoints().inNamespace(NS).withName("probe").get().getMetadata().getLabels()
                .get("service.kubernetes.io/headless"));
        assertEquals("192.0.2.10", client.endpoints().inNamespace(NS).withName("external").get().getSubsets().get(0)
                .getAddresses().get(0).getIp());
        assertEquals(1, client.endpoints().inNamespace(NS).withName("external").get().getSubsets().get(0).getAddresses().size());
    }

    private static void runningPod(String name, String ip, boolean ready, String portName) {
        runningPod(name, ip, ready, portName, "web");
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static void runningPod(String name, String ip, boolean ready, String portName, String app) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app)
                .endMetadata().withNewSpec().withNodeName("node-a").addNewContainer().withName("web").withImage("nginx")
                .addNewPort().withName(portName).withContainerPort(8080).endPort().endContainer().endSpec().build()).create();
        setStatus(name, ip, ready);
    }

    private static void setStatus(String name, String ip, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP(ip)
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static List<EndpointSlice> slicesOf(String service) {
        return client.discovery().v1().endpointSlices().inNamespace(NS).withLabel("kubernetes.io/service-name", service)
                .list().getItems();
    }

}
