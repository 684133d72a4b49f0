package io.kuberaf.scheduler.internal;

import io.kuberaf.scheduler.spi.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FitErrorTest {

    @Test
    void oneReasonOnEveryNode() {
        List<Status> statuses = List.of(Status.unschedulable("Insufficient cpu"), Status.unschedulable("Insufficient cpu"),
                Status.unschedulable("Insufficient cpu"));
        assertEquals("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod.", new FitError(3, statuses).message());
    }

    @Test
    void reasonsAreCountedAndSortedAsStrings() {
        List<Status> statuses = List.of(
                Status.unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
                Status.unschedulable("Insufficient memory"),
                Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        assertEquals("0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
                + "{node.kubernetes.io/not-ready: }, 2 Insufficient memory. preemption: 0/3 nodes are available: "
                + "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
                new FitError(3, statuses).message());
    }

    @Test
    void noNodes() {
        assertEquals("no nodes available to schedule pods", new FitError(0, List.of()).message());
    }
}
