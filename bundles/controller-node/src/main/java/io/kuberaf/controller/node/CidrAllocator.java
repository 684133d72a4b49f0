package io.kuberaf.controller.node;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out the /maskSize subnets of an IPv4 cluster CIDR to nodes, never the same one twice. The next
 * search starts after the last subnet handed out (as Kubernetes' range allocator does), so a subnet
 * released by a deleted node is reused only after the others, when routes to it are long gone.
 */
final class CidrAllocator {

    private final int network;
    private final int prefix;
    private final int maskSize;
    private final int capacity;
    private final BitSet used;
    private final Map<String, Integer> byNode = new HashMap<>();
    private int next;

    CidrAllocator(String clusterCidr, int maskSize) {
        Cidr cidr = Cidr.parse(clusterCidr);
        if (maskSize < cidr.prefix() || maskSize > 30 || maskSize - cidr.prefix() > 16) {
            throw new IllegalArgumentException("node CIDR mask size " + maskSize + " does not fit cluster CIDR " + clusterCidr
                    + " (it must be between the cluster prefix and 30, and give at most 65536 subnets)");
        }
        this.network = cidr.address();
        this.prefix = cidr.prefix();
        this.maskSize = maskSize;
        this.capacity = 1 << (maskSize - prefix);
        this.used = new BitSet(capacity);
    }

    int capacity() {
        return capacity;
    }

    /** The node's subnet: the one it already has here, else the next free one; empty when all are taken. */
    synchronized Optional<String> allocate(String node) {
        Integer held = byNode.get(node);
        if (held != null) {
            return Optional.of(format(held));
        }
        int free = used.nextClearBit(next);
        if (free >= capacity) {
            free = used.nextClearBit(0);
        }
        if (free >= capacity) {
            return Optional.empty();
        }
        used.set(free);
        byNode.put(node, free);
        next = (free + 1) % capacity;
        return Optional.of(format(free));
    }

    /**
     * Records that {@code node} already has {@code cidr} (rebuilding from existing nodes). False when the
     * CIDR is not one of this range's subnets, or another node holds it.
     */
    synchronized boolean occupy(String node, String cidr) {
        Cidr parsed;
        try {
            parsed = Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (parsed.prefix() != maskSize || !contains(parsed.address())) {
            return false;
        }
        int index = (parsed.address() - network) >>> (32 - maskSize);
        Integer held = byNode.get(node);
        if (held != null && held == index) {
            return true;
        }
        if (used.get(index)) {
            return false;
        }
        if (held != null) {
            used.clear(held);
        }
        used.set(index);
        byNode.put(node, index);
        return true;
    }

    /** The node was deleted: its subnet is free again. */
    synchronized void release(String node) {
        Integer held = byNode.remove(node);
        if (held != null) {
            used.clear(held);
        }
    }

    synchronized int allocated() {
        return byNode.size();
    }

    private boolean contains(int address) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == network;
    }

    private String format(int index) {
        int address = network + (index << (32 - maskSize));
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff)
                + "/" + maskSize;
    }

    /** An IPv4 network in CIDR notation, with its host bits cleared. */
    record Cidr(int address, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a CIDR: " + text);
            }
            String[] octets = parts[0].split("\\.");
            if (octets.length != 4) {
                throw new IllegalArgumentException("not an IPv4 CIDR (only IPv4 is supported): " + text);
            }
            int address = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
                }
                address = address << 8 | value;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + text);
            }
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return new Cidr(address & mask, prefix);
        }
    }
}
