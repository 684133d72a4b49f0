package io.kuberaf.controller.endpoints;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A service's EndpointSlices (discovery.k8s.io/v1): one per address family and set of resolved ports,
 * named {@code <service>-<checksum of family and ports>} so that a reconcile finds its own again; terminating
 * pods stay in them with {@code terminating: true}. A service that selects nothing keeps one empty slice.
 */
final class Slices {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER = "endpointslice-controller.k8s.io";

    private final KubernetesClient client;
    private final SharedIndexInformer<EndpointSlice> informer;

    Slices(KubernetesClient client, SharedIndexInformer<EndpointSlice> informer) {
        this.client = client;
        this.informer = informer;
    }

    SharedIndexInformer<EndpointSlice> informer() {
        return informer;
    }

    void write(Service service, List<Pod> selected) {
        Map<String, EndpointSlice> desired = desired(service, selected);
        for (EndpointSlice slice : desired.values()) {
            EndpointSlice current = informer.getStore().getByKey(service.getMetadata().getNamespace() + "/"
                    + slice.getMetadata().getName());
            if (current == null) {
                client.discovery().v1().endpointSlices().inNamespace(service.getMetadata().getNamespace()).resource(slice).create();
            } else if (!same(current, slice)) {
                slice.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                client.discovery().v1().endpointSlices().inNamespace(service.getMetadata().getNamespace()).resource(slice).update();
            }
        }
        for (EndpointSlice stale : owned(service.getMetadata().getNamespace(), service.getMetadata().getName())) {
            if (!desired.containsKey(stale.getMetadata().getName())) {
                delete(stale);
            }
        }
    }

    void deleteAll(String namespace, String serviceName) {
        owned(namespace, serviceName).forEach(this::delete);
    }

    private List<EndpointSlice> owned(String namespace, String serviceName) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(slice -> slice.getMetadata().getLabels() != null
                        && serviceName.equals(slice.getMetadata().getLabels().get(SERVICE_NAME))
                        && CONTROLLER.equals(slice.getMetadata().getLabels().get(MANAGED_BY)))
                .toList();
    }

    private void delete(EndpointSlice slice) {
        try {
            client.discovery().v1().endpointSlices().inNamespace(slice.getMetadata().getNamespace())
                    .withName(slice.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    private static boolean same(EndpointSlice current, EndpointSlice desired) {
        return EndpointsController.sameJson(current.getEndpoints(), desired.getEndpoints())
                && EndpointsController.sameJson(current.getPorts(), desired.getPorts())
                && Objects.equals(current.getAddressType(), desired.getAddressType())
                && Objects.equals(current.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && EndpointsController.sameJson(current.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences());
    }

    private static Map<String, EndpointSlice> desired(Service service, List<Pod> selected) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        boolean headless = PodEndpoints.isHeadless(service);
        Map<String, EndpointSliceBuilder> byKey = new LinkedHashMap<>();
        for (Pod pod : selected) {
            List<EndpointPort> ports = ports(service, pod);
            if (ports.isEmpty() && !service.getSpec().getPorts().isEmpty()) {
                continue;
            }
            String family = pod.getStatus().getPodIP().contains(":") ? "IPv6" : "IPv4";
            String name = name(service, family, ports);
            EndpointSliceBuilder slice = byKey.computeIfAbsent(name, n -> skeleton(service, n, family, ports));
            slice.addToEndpoints(endpoint(pod, service, headless, publishNotReady));
        }
        if (byKey.isEmpty()) {
            String name = name(service, "IPv4", List.of());
            byKey.put(name, skeleton(service, name, "IPv4", List.of()));
        }
        Map<String, EndpointSlice> slices = new LinkedHashMap<>();
        byKey.forEach((name, builder) -> {
            EndpointSlice slice = builder.build();
            if (slice.getEndpoints() != null && slice.getEndpoints().isEmpty()) {
                slice.setEndpoints(null);
            }
            if (slice.getPorts() != null && slice.getPorts().isEmpty()) {
                slice.setPorts(null);
            }
            slices.put(name, slice);
        });
        return slices;
    }

    private static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort servicePort : service.getSpec().getPorts()) {
            Integer port = PodEndpoints.targetPort(pod, servicePort);
            if (port != null) {
                ports.add(new EndpointPortBuilder().withName(servicePort.getName() == null ? "" : servicePort.getName())
                        .withPort(port).withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                        .withAppProtocol(servicePort.getAppProtocol()).build());
            }
        }
        return ports;
    }

    private static Endpoint endpoint(Pod pod, Service service, boolean headless, boolean publishNotReady) {
        boolean serving = publishNotReady || pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean terminating = PodEndpoints.isTerminating(pod);
        EndpointBuilder endpoint = new EndpointBuilder()
                .withAddresses(pod.getStatus().getPodIP())
                .withNewConditions().withReady(serving && (!terminating || publishNotReady)).withServing(serving)
                .withTerminating(terminating).endConditions()
                .withNodeName(pod.getSpec().getNodeName())
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        String hostname = PodEndpoints.hostname(pod, service, headless);
        if (hostname != null) {
            endpoint.withHostname(hostname);
        }
        return endpoint.build();
    }

    private static EndpointSliceBuilder skeleton(Service service, String name, String family, List<EndpointPort> ports) {
        Map<String, String> labels = new LinkedHashMap<>(EndpointsController.labelsFor(service));
        labels.put(SERVICE_NAME, service.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER);
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace(service.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withAddressType(family)
                .withPorts(ports);
    }

    private static String name(Service service, String family, List<EndpointPort> ports) {
        CRC32 checksum = new CRC32();
        StringBuilder text = new StringBuilder(family);
        Set<String> seen = new HashSet<>();
        for (EndpointPort port : ports) {
            String part = port.getName() + "/" + port.getProtocol() + "/" + port.getPort();
            if (seen.add(part)) {
                text.append(';').append(part);
            }
        }
        checksum.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return service.getMetadata().getName() + "-" + Long.toString(checksum.getValue(), 36);
    }
}
