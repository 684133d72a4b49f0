package io.kuberaf.runtime.simulated;

import java.util.HashSet;
import java.util.Set;

/** Hands out the addresses of an IPv4 CIDR (network + 2 onwards, as a bridge with its gateway at + 1 would). */
final class IpPool {

    private final long base;
    private final long size;
    private final Set<Long> used = new HashSet<>();
    private long next;

    IpPool(String cidr) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("pod CIDR " + cidr + ": the prefix must be between /8 and /30");
        }
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        long mask = 0xffffffffL << (32 - prefix) & 0xffffffffL;
        this.base = address & mask;
        this.size = 1L << (32 - prefix);
    }

    synchronized String allocate() {
        for (long tried = 0; tried < size - 3; tried++) {
            long offset = 2 + (next++ % (size - 3));
            if (used.add(offset)) {
                return format(base + offset);
            }
        }
        throw new IllegalStateException("no free address left in the pod CIDR");
    }

    synchronized void release(String ip) {
        if (ip == null) {
            return;
        }
        long address = 0;
        for (String octet : ip.split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        used.remove(address - base);
    }

    private static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }
}
