package io.kuberaf.scheduler.spi;

import java.util.List;

/**
 * The verdict of a filter plugin on one node. {@link Code#UNSCHEDULABLE} means the node might fit after
 * other pods go away (preemption could help); {@link Code#UNSCHEDULABLE_AND_UNRESOLVABLE} means it cannot
 * fit whatever runs there (a selector, a taint). Reasons are short phrases that read after a count:
 * "Insufficient cpu", "node(s) didn't match Pod's node affinity/selector".
 */
public record Status(Code code, List<String> reasons) {

    public enum Code { SUCCESS, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE }

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of());

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons));
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons));
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }
}
