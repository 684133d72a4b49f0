package io.kuberaf.apiserver.admission;

/** Node ports of NodePort and LoadBalancer services (kube-apiserver's --service-node-port-range, 30000-32767). */
final class NodePortAllocator {

    private final int base;
    private final int size;
    private final RangeAllocator allocator;

    NodePortAllocator(String range) {
        String[] parts = range.trim().split("-");
        try {
            this.base = Integer.parseInt(parts[0].trim());
            int last = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : base;
            if (parts.length > 2 || base < 1 || last > 65535 || last < base) {
                throw new NumberFormatException();
            }
            this.size = last - base + 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("service node port range is not a range of ports like 30000-32767: " + range);
        }
        this.allocator = new RangeAllocator(size);
    }

    String range() {
        return base + "-" + (base + size - 1);
    }

    int allocateNext(String owner) {
        long offset = allocator.allocateNext(owner, o -> true);
        if (offset < 0) {
            throw new AllocationException("range is full", true);
        }
        return (int) (base + offset);
    }

    void allocate(int port, String owner) {
        if (port < base || port >= base + size) {
            throw new AllocationException("provided port is not in the valid range. The range of valid ports is " + range(), false);
        }
        if (!allocator.allocate(port - base, owner)) {
            throw new AllocationException("provided port is already allocated", false);
        }
    }

    void release(int port, String owner) {
        if (port >= base && port < base + size) {
            allocator.release(port - base, owner);
        }
    }

    String restore(int port, String owner) {
        return port >= base && port < base + size ? allocator.restore(port - base, owner) : null;
    }

    boolean isAllocated(int port) {
        return port >= base && port < base + size && allocator.owner(port - base) != null;
    }

    int allocated() {
        return allocator.allocated();
    }
}
