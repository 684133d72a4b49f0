package io.kuberaf.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns Services and their EndpointSlices into the service ports the proxy programs. Headless and
 * ExternalName services, and cluster IPs outside the service CIDR, get no rules; only ready endpoints
 * (a missing ready condition counts as ready, as in Kubernetes) are used.
 */
final class ServiceModel {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final int DEFAULT_AFFINITY_SECONDS = 10800;

    private ServiceModel() {
    }

    static List<ServicePort> servicePorts(Collection<Service> services, Collection<EndpointSlice> slices, Cidr serviceCidr) {
        Map<String, List<EndpointSlice>> slicesByService = slices.stream()
                .filter(slice -> "IPv4".equals(slice.getAddressType()))
                .filter(slice -> slice.getMetadata().getLabels() != null
                        && slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL) != null)
                .collect(Collectors.groupingBy(slice -> slice.getMetadata().getNamespace() + "/"
                        + slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL)));
        List<ServicePort> ports = new ArrayList<>();
        for (Service service : services) {
            if (!proxied(service, serviceCidr)) {
                continue;
            }
            List<EndpointSlice> own = slicesByService.getOrDefault(
                    service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(), List.of());
            for (io.fabric8.kubernetes.api.model.ServicePort port : service.getSpec().getPorts()) {
                ports.add(servicePort(service, port, own));
            }
        }
        ports.sort(Comparator.comparing(ServicePort::chainKey));
        return ports;
    }

    private static boolean proxied(Service service, Cidr serviceCidr) {
        ServiceSpec spec = service.getSpec();
        return spec != null && !"ExternalName".equals(spec.getType()) && spec.getPorts() != null
                && spec.getClusterIP() != null && serviceCidr.contains(spec.getClusterIP());
    }

    private static ServicePort servicePort(Service service, io.fabric8.kubernetes.api.model.ServicePort port,
                                           List<EndpointSlice> slices) {
        ServiceSpec spec = service.getSpec();
        String portName = Objects.requireNonNullElse(port.getName(), "");
        String protocol = Objects.requireNonNullElse(port.getProtocol(), "TCP");
        boolean external = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        int nodePort = external && port.getNodePort() != null ? port.getNodePort() : 0;
        return new ServicePort(service.getMetadata().getNamespace(), service.getMetadata().getName(), portName,
                protocol.toLowerCase(Locale.ROOT), spec.getClusterIP(), port.getPort(), nodePort, affinitySeconds(spec),
                readyEndpoints(slices, portName, protocol));
    }

    private static int affinitySeconds(ServiceSpec spec) {
        if (!"ClientIP".equals(spec.getSessionAffinity())) {
            return 0;
        }
        if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
            return spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
        }
        return DEFAULT_AFFINITY_SECONDS;
    }

    private static List<ServicePort.Endpoint> readyEndpoints(List<EndpointSlice> slices, String portName, String protocol) {
        TreeSet<ServicePort.Endpoint> endpoints = new TreeSet<>(
                Comparator.comparing(ServicePort.Endpoint::ip).thenComparing(ServicePort.Endpoint::port));
        for (EndpointSlice slice : slices) {
            Integer target = targetPort(slice, portName, protocol);
            if (target == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (ready(endpoint) && endpoint.getAddresses() != null) {
                    endpoint.getAddresses().forEach(address -> endpoints.add(new ServicePort.Endpoint(address, target)));
                }
            }
        }
        return List.copyOf(endpoints);
    }

    private static Integer targetPort(EndpointSlice slice, String portName, String protocol) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort port : slice.getPorts()) {
            if (portName.equals(Objects.requireNonNullElse(port.getName(), ""))
                    && protocol.equals(Objects.requireNonNullElse(port.getProtocol(), "TCP")) && port.getPort() != null) {
                return port.getPort();
            }
        }
        return null;
    }

    private static boolean ready(Endpoint endpoint) {
        return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
    }
}
