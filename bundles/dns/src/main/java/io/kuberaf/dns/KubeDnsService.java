package io.kuberaf.dns;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How pods find the cluster DNS: the Service {@code kube-system/kube-dns} (ports dns 53/UDP and dns-tcp
 * 53/TCP, a fixed ClusterIP, no selector) whose endpoints are the DNS servers of the nodes. Each node's
 * server writes its own EndpointSlice {@code kube-dns-<node>} (the address it listens on for pods), and
 * the Endpoints {@code kube-dns} list the addresses of all those slices, for proxies that read either.
 */
final class KubeDnsService {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "kube-dns";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGER = "dns.kuberaf.io";

    private static final Logger LOG = LoggerFactory.getLogger(KubeDnsService.class);

    private final KubernetesClient client;
    private final String clusterIp;
    private final String node;
    private boolean clusterIpWarned;

    KubeDnsService(KubernetesClient client, String clusterIp, String node) {
        this.client = client;
        this.clusterIp = clusterIp;
        this.node = node;
    }

    String sliceName() {
        return NAME + "-" + node;
    }

    /** Makes sure the Service exists and that this node's endpoint is address:port (null address: none). */
    void publish(String address, int port) {
        Service service = ensureService(port);
        if (address == null) {
            deleteSlice();
        } else {
            writeSlice(service, address, port);
        }
        writeEndpoints(port);
    }

    /** Takes this node's endpoint away (the server stops). */
    void withdraw(int port) {
        deleteSlice();
        writeEndpoints(port);
    }

    private Service ensureService(int port) {
        Service current = client.services().inNamespace(NAMESPACE).withName(NAME).get();
        if (current != null) {
            if (!clusterIpWarned && !Objects.equals(current.getSpec().getClusterIP(), clusterIp)) {
                clusterIpWarned = true;
                LOG.warn("Service {}/{} has ClusterIP {}, not the configured {}: pods whose kubelet names {} as clusterDNS "
                        + "will not reach the cluster DNS (delete the Service to have it made again)", NAMESPACE, NAME,
                        current.getSpec().getClusterIP(), clusterIp, clusterIp);
            }
            return current;
        }
        Service desired = new ServiceBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/name", "KubeDNS", "kubernetes.io/cluster-service", "true"))
                .endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp)
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withTargetPort(new IntOrString(port)).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withTargetPort(new IntOrString(port)).endPort()
                .endSpec().build();
        try {
            Service created = client.services().inNamespace(NAMESPACE).resource(desired).create();
            LOG.info("Created Service {}/{} with ClusterIP {}", NAMESPACE, NAME, clusterIp);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return client.services().inNamespace(NAMESPACE).withName(NAME).get();
            }
            throw e;
        }
    }

    private void writeSlice(Service service, String address, int port) {
        EndpointSlice desired = new EndpointSliceBuilder().withNewMetadata().withName(sliceName()).withNamespace(NAMESPACE)
                .withLabels(Map.of(ClusterRecords.SERVICE_NAME_LABEL, NAME, MANAGED_BY_LABEL, MANAGER))
                .addNewOwnerReference().withApiVersion("v1").withKind("Service").withName(NAME)
                .withUid(service.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withAddressType(address.contains(":") ? "IPv6" : "IPv4")
                .addNewEndpoint().withAddresses(address).withNodeName(node).withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(port).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(port).endPort()
                .build();
        var slices = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE);
        EndpointSlice current = slices.withName(sliceName()).get();
        if (current == null) {
            slices.resource(desired).create();
            LOG.info("Cluster DNS of node {} published at {}:{} (EndpointSlice {}/{})", node, address, port, NAMESPACE, sliceName());
        } else if (!Objects.equals(current.getEndpoints(), desired.getEndpoints()) || !Objects.equals(current.getPorts(), desired.getPorts())
                || !Objects.equals(current.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())) {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            slices.resource(desired).update();
            LOG.info("Cluster DNS of node {} moved to {}:{}", node, address, port);
        }
    }

    private void deleteSlice() {
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(sliceName()).delete();
    }

    /** Endpoints kube-dns: the ready addresses of every node's slice, for proxies that read Endpoints. */
    private void writeEndpoints(int port) {
        List<EndpointSlice> all = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE)
                .withLabel(MANAGED_BY_LABEL, MANAGER).withLabel(ClusterRecords.SERVICE_NAME_LABEL, NAME).list().getItems();
        List<io.fabric8.kubernetes.api.model.EndpointAddress> addresses = all.stream()
                .flatMap(slice -> slice.getEndpoints().stream())
                .flatMap(endpoint -> endpoint.getAddresses().stream().map(ip -> new EndpointAddressBuilder().withIp(ip)
                        .withNodeName(endpoint.getNodeName()).build()))
                .sorted(Comparator.comparing(io.fabric8.kubernetes.api.model.EndpointAddress::getIp))
                .toList();
        List<EndpointSubset> subsets = addresses.isEmpty() ? List.of() : List.of(new EndpointSubsetBuilder().withAddresses(addresses)
                .withPorts(new EndpointPortBuilder().withName("dns").withProtocol("UDP").withPort(port).build(),
                        new EndpointPortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(port).build())
                .build());
        var endpoints = client.endpoints().inNamespace(NAMESPACE);
        Endpoints current = endpoints.withName(NAME).get();
        Endpoints desired = new EndpointsBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(Map.of("k8s-app", "kube-dns")).endMetadata().withSubsets(subsets).build();
        if (current == null) {
            endpoints.resource(desired).create();
        } else if (!Objects.equals(list(current.getSubsets()), subsets)) {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            endpoints.resource(desired).update();
        }
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
