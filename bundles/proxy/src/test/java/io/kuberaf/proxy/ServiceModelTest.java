package io.kuberaf.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceModelTest {

    private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");

    @Test
    void readyEndpointsOfTheMatchingPortNameAndProtocolAcrossSlices() {
        Service web = service("web", "NodePort", "10.96.0.20").editSpec()
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30001).endPort()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).endPort()
                .withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60)
                .endClientIP().endSessionAffinityConfig().endSpec().build();
        List<ServicePort> ports = ServiceModel.servicePorts(List.of(web), List.of(
                slice("web-a", "web", "http", "TCP", 8080, "10.244.0.12", true, "10.244.0.11", true, "10.244.0.99", false),
                slice("web-b", "web", "http", "TCP", 8080, "10.244.0.13", null),
                slice("web-c", "web", "dns", "UDP", 5353, "10.244.0.11", true),
                slice("other", "other", "http", "TCP", 9999, "10.244.0.50", true)), SERVICES);
        assertEquals(2, ports.size());
        ServicePort dns = ports.get(0);
        assertEquals("default/web:dns", dns.id());
        assertEquals("udp", dns.protocol());
        assertEquals(List.of(new ServicePort.Endpoint("10.244.0.11", 5353)), dns.endpoints());
        assertEquals(0, dns.nodePort(), "no node port was allocated to it");
        ServicePort http = ports.get(1);
        assertEquals(List.of(new ServicePort.Endpoint("10.244.0.11", 8080), new ServicePort.Endpoint("10.244.0.12", 8080),
                new ServicePort.Endpoint("10.244.0.13", 8080)), http.endpoints(), "not-ready left out, missing condition is ready");
        assertEquals(30001, http.nodePort());
        assertEquals(60, http.affinitySeconds());
        assertEquals("10.96.0.20", http.clusterIp());
    }

    @Test
    void headlessExternalNameAndOutOfRangeServicesGetNoRules() {
        Service headless = service("headless", "ClusterIP", "None").editSpec().addNewPort().withPort(80).endPort().endSpec().build();
        Service external = service("ext", "ExternalName", null).editSpec().withExternalName("example.org")
                .addNewPort().withPort(80).endPort().endSpec().build();
        Service outside = service("outside", "ClusterIP", "192.168.7.7").editSpec().addNewPort().withPort(80).endPort().endSpec().build();
        Service plain = service("plain", "ClusterIP", "10.96.0.21").editSpec().addNewPort().withPort(80).withNodePort(30005).endPort()
                .withSessionAffinity("None").endSpec().build();
        List<ServicePort> ports = ServiceModel.servicePorts(List.of(headless, external, outside, plain), List.of(), SERVICES);
        assertEquals(1, ports.size());
        assertEquals(new ServicePort("default", "plain", "", "tcp", "10.96.0.21", 80, 0, 0, List.of()), ports.get(0),
                "a ClusterIP service has no node port; unnamed port, no endpoints");
    }

    private static ServiceBuilder service(String name, String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).endSpec();
    }

    /** A slice with (address, ready) pairs; a null ready leaves the condition out. */
    private static EndpointSlice slice(String name, String service, String port, String protocol, int number, Object... endpoints) {
        EndpointSliceBuilder builder = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .addToLabels(ServiceModel.SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
                .addNewPort().withName(port).withProtocol(protocol).withPort(number).endPort();
        for (int i = 0; i < endpoints.length; i += 2) {
            Boolean ready = (Boolean) endpoints[i + 1];
            if (ready == null) {
                builder.addNewEndpoint().withAddresses((String) endpoints[i]).endEndpoint();
            } else {
                builder.addNewEndpoint().withAddresses((String) endpoints[i]).withNewConditions().withReady(ready).endConditions().endEndpoint();
            }
        }
        return builder.build();
    }
}
