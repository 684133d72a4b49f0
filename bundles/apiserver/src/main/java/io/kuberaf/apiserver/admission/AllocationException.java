package io.kuberaf.apiserver.admission;

/** An IP or port that cannot be allocated, worded as Kubernetes' allocators word it. */
final class AllocationException extends RuntimeException {

    /** Whether the range has no free value left (a 500 in Kubernetes), as opposed to a bad request. */
    private final boolean full;

    AllocationException(String message, boolean full) {
        super(message);
        this.full = full;
    }

    boolean full() {
        return full;
    }
}
