package io.kuberaf.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a sandbox is created with.
 *
 * @param pod          the pod it belongs to
 * @param hostname     the pod's hostname
 * @param hostNetwork  share the node's network namespace instead of getting one of its own
 * @param dns          resolv.conf for the pod's containers; null keeps the runtime's default
 * @param portMappings hostPort mappings of the pod's containers
 * @param labels       kept by the runtime, returned in {@link SandboxStatus#labels()}
 * @param annotations  kept by the runtime, returned in {@link SandboxStatus#annotations()}
 */
public record SandboxConfig(PodIdentity pod, String hostname, boolean hostNetwork, DnsConfig dns,
                            List<PortMapping> portMappings, Map<String, String> labels,
                            Map<String, String> annotations) {

    public SandboxConfig {
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A pod's resolv.conf. */
    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public DnsConfig {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }

    /** {@code hostIp:hostPort} on the node forwards to {@code containerPort} in the sandbox. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    }
}
