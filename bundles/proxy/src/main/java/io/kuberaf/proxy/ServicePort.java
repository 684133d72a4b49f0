package io.kuberaf.proxy;

import java.util.List;

/**
 * One port of one Service as the proxy programs it: where it listens (cluster IP and port, node port)
 * and the ready endpoints it forwards to.
 *
 * @param protocol         tcp, udp or sctp (iptables spelling)
 * @param nodePort         0 when the Service has no node port
 * @param affinitySeconds  0 without session affinity; else how long a client stays on its endpoint
 */
record ServicePort(String namespace, String name, String portName, String protocol, String clusterIp, int port,
                   int nodePort, int affinitySeconds, List<Endpoint> endpoints) {

    /** A ready endpoint address and the port it serves this service port on. */
    record Endpoint(String ip, int port) {

        @Override
        public String toString() {
            return ip + ":" + port;
        }
    }

    ServicePort {
        endpoints = List.copyOf(endpoints);
    }

    /** kube-proxy's name for a service port: {@code ns/name:port}, or {@code ns/name} for an unnamed port. */
    String id() {
        return namespace + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
    }

    /** What a chain for this port is named after; the protocol tells two ports of one name apart. */
    String chainKey() {
        return id() + "/" + protocol;
    }
}
