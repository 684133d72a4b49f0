package io.kuberaf.dns;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The node's pod-network gateway: the first address of its Node's spec.podCIDR, which the container
 * runtime gives the pod bridge on the host (so every pod of the node reaches it).
 */
final class NodeGateway {

    private final KubernetesClient client;
    private final String node;

    NodeGateway(KubernetesClient client, String node) {
        this.client = client;
        this.node = node;
    }

    /** The gateway address, or null while the Node is not registered or has no IPv4 pod CIDR yet. */
    String address() {
        Node current = client.nodes().withName(node).get();
        if (current == null || current.getSpec() == null || current.getSpec().getPodCIDR() == null) {
            return null;
        }
        return firstHost(current.getSpec().getPodCIDR());
    }

    /** 10.244.3.0/24 gives 10.244.3.1; null for anything but an IPv4 CIDR. */
    static String firstHost(String cidr) {
        String[] parts = cidr.trim().split("/");
        String[] octets = parts[0].split("\\.");
        if (parts.length != 2 || octets.length != 4) {
            return null;
        }
        long address = 0;
        for (String octet : octets) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        long first = (address & mask) + 1;
        return ((first >> 24) & 0xff) + "." + ((first >> 16) & 0xff) + "." + ((first >> 8) & 0xff) + "." + (first & 0xff);
    }
}
