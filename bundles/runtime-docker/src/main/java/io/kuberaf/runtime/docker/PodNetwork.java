package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.RuntimeOperationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The Docker bridge network the sandboxes join: its subnet is the node's pod CIDR, its gateway (the
 * first address) sits on the host, so the node reaches every pod IP directly. Created on first use;
 * an existing network of that name is adopted as it is (the kubelet then passes the Node's CIDR
 * through {@link #updatePodCidr}).
 */
final class PodNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);
    static final String MANAGED_LABEL = DockerLabels.PREFIX + "network";

    private final DockerApi api;
    private final String name;
    private String podCidr;

    PodNetwork(DockerApi api, String name, String podCidr) {
        this.api = api;
        this.name = name;
        this.podCidr = Cidr.parse(podCidr).toString();
    }

    String name() {
        return name;
    }

    /**
     * Makes sure the network exists before a sandbox joins it. Asked each time (one cheap call): a
     * network removed behind the runtime's back is made again.
     */
    synchronized void ensure() {
        if (inspect() == null) {
            create();
        }
    }

    synchronized void updatePodCidr(String cidr) {
        String wanted = Cidr.parse(cidr).toString();
        JsonNode network = inspect();
        if (network == null) {
            podCidr = wanted;
            create();
            return;
        }
        String current = subnet(network);
        if (wanted.equals(current)) {
            podCidr = wanted;
            return;
        }
        int attached = network.path("Containers").size();
        if (attached > 0) {
            throw new RuntimeOperationException("cannot move Docker network " + name + " from " + current + " to pod CIDR "
                    + wanted + ": " + attached + " running sandbox(es) use it; remove the node's pods first");
        }
        LOG.info("Recreating Docker network {} with subnet {} (was {})", name, wanted, current);
        try {
            api.delete("/networks/" + name);
        } catch (DockerApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        podCidr = wanted;
        create();
    }

    /** Removes the network (tests clean up with it); idempotent. */
    synchronized void remove() {
        try {
            api.delete("/networks/" + name);
        } catch (DockerApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    synchronized String subnet() {
        JsonNode network = inspect();
        return network == null ? podCidr : subnet(network);
    }

    private JsonNode inspect() {
        try {
            return api.get("/networks/" + name);
        } catch (DockerApiException e) {
            if (e.notFound()) {
                return null;
            }
            throw e;
        }
    }

    private static String subnet(JsonNode network) {
        JsonNode configs = network.path("IPAM").path("Config");
        return configs.size() == 0 ? "" : configs.get(0).path("Subnet").asText("");
    }

    private void create() {
        Cidr cidr = Cidr.parse(podCidr);
        Map<String, Object> body = Map.of(
                "Name", name,
                "Driver", "bridge",
                "CheckDuplicate", true,
                "IPAM", Map.of("Driver", "default",
                        "Config", List.of(Map.of("Subnet", cidr.toString(), "Gateway", cidr.firstHost()))),
                "Labels", Map.of(MANAGED_LABEL, "true"));
        try {
            api.post("/networks/create", body);
            LOG.info("Created Docker network {} with subnet {}", name, cidr);
        } catch (DockerApiException e) {
            if (!e.conflict() || inspect() == null) {
                throw new RuntimeOperationException("cannot create the pod network " + name + " (" + cidr + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /** An IPv4 CIDR such as 10.244.0.0/24. */
    record Cidr(long network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text == null ? new String[0] : text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
            }
            String[] octets = parts[0].split("\\.");
            int prefix = Integer.parseInt(parts[1]);
            if (octets.length != 4 || prefix < 8 || prefix > 30) {
                throw new IllegalArgumentException("not an IPv4 CIDR with a prefix of 8 to 30 bits: " + text);
            }
            long address = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
                }
                address = (address << 8) | value;
            }
            long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new Cidr(address & mask, prefix);
        }

        String firstHost() {
            return dotted(network + 1);
        }

        boolean contains(String ip) {
            long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return (addressOf(ip) & mask) == network;
        }

        private static long addressOf(String ip) {
            long address = 0;
            for (String octet : ip.split("\\.")) {
                address = (address << 8) | Integer.parseInt(octet);
            }
            return address;
        }

        private static String dotted(long address) {
            return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "." + (address & 0xff);
        }

        @Override
        public String toString() {
            return dotted(network) + "/" + prefix;
        }
    }
}
