package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster IPs and node ports services hold. A service's allocations are owned by
 * "namespace/name/uid", so releasing twice, or releasing what another service took since, is harmless.
 * Allocation happens after validation; what an update gives up is released once it is stored.
 */
final class ServiceAllocations {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocations.class);

    private final ClusterIpAllocator ips;
    private final NodePortAllocator ports;

    ServiceAllocations(String clusterIpRange, String nodePortRange) {
        this.ips = new ClusterIpAllocator(clusterIpRange);
        this.ports = new NodePortAllocator(nodePortRange);
    }

    ClusterIpAllocator ips() {
        return ips;
    }

    NodePortAllocator ports() {
        return ports;
    }

    static String owner(JsonNode service) {
        JsonNode meta = service.path("metadata");
        return meta.path("namespace").asText() + "/" + meta.path("name").asText() + "/" + meta.path("uid").asText();
    }

    /**
     * Gives the service (validated, defaulted) the cluster IP and node ports it needs and does not
     * already hold ({@code old} is the stored service on update, null on create). All or nothing.
     */
    void allocate(ResourceType type, ObjectNode service, ObjectNode old) {
        String owner = owner(service);
        ObjectNode spec = Json.object(service, "spec");
        String serviceType = spec.path("type").asText();
        List<Runnable> undo = new ArrayList<>();
        try {
            if (!serviceType.equals("ExternalName") && !"None".equals(spec.path("clusterIP").asText())) {
                String requested = spec.path("clusterIP").asText("");
                List<String> held = old == null ? List.of() : ServiceRules.clusterIps(old);
                if (requested.isEmpty()) {
                    String ip = owner.startsWith(ClusterIpAllocator.KUBERNETES_SERVICE + "/") ? kubernetesIp(owner)
                            : ips.allocateNext(owner);
                    undo.add(() -> ips.release(ip, owner));
                    spec.put("clusterIP", ip);
                    spec.putArray("clusterIPs").add(ip);
                } else if (!held.contains(requested)) {
                    try {
                        ips.allocate(requested, owner);
                    } catch (AllocationException e) {
                        throw invalid(type, service, "spec.clusterIPs", GoValues.of(spec.path("clusterIPs")),
                                "failed to allocate IP " + requested + ": " + e.getMessage(), e, "serviceIP");
                    }
                    undo.add(() -> ips.release(requested, owner));
                }
            }
            if (ServiceRules.needsNodePorts(serviceType)) {
                Set<Integer> held = old == null ? Set.of() : ServiceRules.nodePorts(old);
                boolean allocateMissing = !serviceType.equals("LoadBalancer") || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
                Set<Integer> taken = new HashSet<>();
                int i = 0;
                for (JsonNode p : spec.path("ports")) {
                    String at = "spec.ports[" + i++ + "].nodePort";
                    ObjectNode port = (ObjectNode) p;
                    int nodePort = port.path("nodePort").asInt(0);
                    if (nodePort == 0) {
                        if (allocateMissing) {
                            int allocated = nextPort(type, service, owner, at);
                            undo.add(() -> ports.release(allocated, owner));
                            port.put("nodePort", allocated);
                        }
                    } else if (!held.contains(nodePort) && taken.add(nodePort)) {
                        try {
                            ports.allocate(nodePort, owner);
                        } catch (AllocationException e) {
                            throw invalid(type, service, at, String.valueOf(nodePort), e.getMessage(), e, "nodePort");
                        }
                        undo.add(() -> ports.release(nodePort, owner));
                    }
                }
                if (serviceType.equals("LoadBalancer") && "Local".equals(spec.path("externalTrafficPolicy").asText())) {
                    int health = spec.path("healthCheckNodePort").asInt(0);
                    if (health == 0) {
                        int allocated = nextPort(type, service, owner, "spec.healthCheckNodePort");
                        undo.add(() -> ports.release(allocated, owner));
                        spec.put("healthCheckNodePort", allocated);
                    } else if (!held.contains(health) && !taken.contains(health)) {
                        try {
                            ports.allocate(health, owner);
                        } catch (AllocationException e) {
                            throw invalid(type, service, "spec.healthCheckNodePort", String.valueOf(health), e.getMessage(), e,
                                    "nodePort");
                        }
                        undo.add(() -> ports.release(health, owner));
                    }
                }
            }
        } catch (RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private String kubernetesIp(String owner) {
        String ip = ips.kubernetesServiceIp();
        ips.allocate(ip, owner);
        return ip;
    }

    private int nextPort(ResourceType type, ObjectNode service, String owner, String field) {
        try {
            return ports.allocateNext(owner);
        } catch (AllocationException e) {
            throw internal("failed to allocate a nodePort: " + e.getMessage());
        }
    }

    /** Releases what {@code service} holds and {@code keep} (another version of it, or null) does not. */
    void release(JsonNode service, JsonNode keep) {
        String owner = owner(service);
        List<String> keptIps = keep == null ? List.of() : ServiceRules.clusterIps(keep);
        Set<Integer> keptPorts = keep == null ? Set.of() : ServiceRules.nodePorts(keep);
        for (String ip : ServiceRules.clusterIps(service)) {
            if (!keptIps.contains(ip)) {
                ips.release(ip, owner);
            }
        }
        for (int port : ServiceRules.nodePorts(service)) {
            if (!keptPorts.contains(port)) {
                ports.release(port, owner);
            }
        }
    }

    /** Records what a stored service holds, at apiserver start. */
    void restore(JsonNode service) {
        String owner = owner(service);
        for (String ip : ServiceRules.clusterIps(service)) {
            String previous = ips.restore(ip, owner);
            if (previous != null && !previous.equals(owner)) {
                LOG.warn("cluster IP {} of service {} is also held by {}", ip, owner, previous);
            }
        }
        for (int port : ServiceRules.nodePorts(service)) {
            String previous = ports.restore(port, owner);
            if (previous != null && !previous.equals(owner)) {
                LOG.warn("node port {} of service {} is also held by {}", port, owner, previous);
            }
        }
    }

    private static ApiException invalid(ResourceType type, ObjectNode service, String field, String value, String detail,
                                        AllocationException cause, String what) {
        if (cause.full()) {
            return internal("failed to allocate a " + what + ": " + cause.getMessage());
        }
        FieldErrors errors = new FieldErrors();
        errors.invalid(field, value, detail);
        return ApiException.invalid(type.group(), type.kind(), service.path("metadata").path("name").asText(), errors.causes());
    }

    private static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message);
    }
}
