package io.kuberaf.apiserver.admission;

/**
 * Cluster IPs of services from an IPv4 CIDR (kube-apiserver's --service-cluster-ip-range,
 * 10.96.0.0/12 by default). The network and broadcast addresses are never handed out, and the
 * first address belongs to the {@code kubernetes} service in {@code default}.
 */
final class ClusterIpAllocator {

    static final String KUBERNETES_SERVICE = "default/kubernetes";

    private final String cidr;
    private final long network;
    private final long size;
    private final RangeAllocator allocator;

    ClusterIpAllocator(String cidr) {
        String[] parts = cidr.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("service cluster IP range is not a CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("service cluster IP range must be an IPv4 CIDR between /8 and /30: " + cidr);
        }
        long address = parse(parts[0]);
        if (address < 0) {
            throw new IllegalArgumentException("service cluster IP range is not an IPv4 CIDR: " + cidr);
        }
        this.size = 1L << (32 - prefix);
        this.network = address & ~(size - 1);
        this.cidr = format(network) + "/" + prefix;
        this.allocator = new RangeAllocator(size);
        allocator.allocate(1, KUBERNETES_SERVICE);
    }

    String range() {
        return cidr;
    }

    /** The address of the {@code kubernetes} service: the first one of the range. */
    String kubernetesServiceIp() {
        return format(network + 1);
    }

    /** A random free IP for {@code owner}. */
    String allocateNext(String owner) {
        long offset = allocator.allocateNext(owner, o -> o >= 2 && o < size - 1);
        if (offset < 0) {
            throw new AllocationException("range is full", true);
        }
        return format(network + offset);
    }

    /** Takes {@code ip} for {@code owner}, or says why not as Kubernetes' ipallocator does. */
    void allocate(String ip, String owner) {
        long offset = offsetOf(ip);
        if (offset <= 0 || offset >= size - 1) {
            throw new AllocationException("the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
                    + cidr, false);
        }
        String holder = offset == 1 && owner.startsWith(KUBERNETES_SERVICE + "/") ? null : allocator.owner(offset);
        if (offset == 1 && holder == null) {
            allocator.release(1, KUBERNETES_SERVICE);
        }
        if (!allocator.allocate(offset, owner)) {
            throw new AllocationException("provided IP is already allocated", false);
        }
    }

    void release(String ip, String owner) {
        long offset = offsetOf(ip);
        if (offset > 0 && offset < size - 1) {
            allocator.release(offset, owner);
            if (offset == 1 && allocator.owner(1) == null) {
                allocator.allocate(1, KUBERNETES_SERVICE);
            }
        }
    }

    /** Records an IP a stored service holds; returns the previous holder when there was a conflict. */
    String restore(String ip, String owner) {
        long offset = offsetOf(ip);
        if (offset <= 0 || offset >= size - 1) {
            return null;
        }
        if (offset == 1 && KUBERNETES_SERVICE.equals(allocator.owner(1))) {
            allocator.release(1, KUBERNETES_SERVICE);
        }
        return allocator.restore(offset, owner);
    }

    boolean isAllocated(String ip) {
        long offset = offsetOf(ip);
        return offset >= 0 && offset < size && allocator.owner(offset) != null;
    }

    int allocated() {
        return allocator.allocated();
    }

    private long offsetOf(String ip) {
        long address = parse(ip);
        return address < 0 || address < network || address >= network + size ? -1 : address - network;
    }

    /** An IPv4 address as a number, -1 when the text is not one. */
    static long parse(String ip) {
        if (ip == null) {
            return -1;
        }
        String[] octets = ip.split("\\.", -1);
        if (octets.length != 4) {
            return -1;
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
                    || (octet.length() > 1 && octet.charAt(0) == '0')) {
                return -1;
            }
            int n = Integer.parseInt(octet);
            if (n > 255) {
                return -1;
            }
            value = value << 8 | n;
        }
        return value;
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }
}
