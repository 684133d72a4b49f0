package io.kuberaf.scheduler.internal;

import io.kuberaf.scheduler.spi.Status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits no node, worded as kube-scheduler's FitError (its FailedScheduling event and PodScheduled
 * condition message): "0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu.
 * preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims
 * found for incoming pod." Reasons are counted over nodes and sorted as strings ("count reason"), as
 * Kubernetes sorts them. Kuberaf does not preempt: the preemption part says what kube-scheduler's
 * DefaultPreemption says when no lower-priority pods could make room.
 */
public final class FitError {

    static final String NO_NODES = "no nodes available to schedule pods";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private final int allNodes;
    private final Collection<Status> nodeStatuses;

    /** {@code nodeStatuses}: the rejecting status of each node that was filtered. */
    public FitError(int allNodes, Collection<Status> nodeStatuses) {
        this.allNodes = allNodes;
        this.nodeStatuses = List.copyOf(nodeStatuses);
    }

    public String message() {
        if (allNodes == 0) {
            return NO_NODES;
        }
        StringBuilder message = new StringBuilder("0/").append(allNodes).append(" nodes are available:");
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, Integer> preemption = new TreeMap<>();
        for (Status status : nodeStatuses) {
            status.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
            preemption.merge(status.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE ? NOT_HELPFUL : NO_VICTIMS,
                    1, Integer::sum);
        }
        if (!reasons.isEmpty()) {
            message.append(' ').append(histogram(reasons)).append('.');
        }
        message.append(" preemption: 0/").append(allNodes).append(" nodes are available:");
        if (!preemption.isEmpty()) {
            message.append(' ').append(histogram(preemption)).append('.');
        }
        return message.toString();
    }

    private static String histogram(Map<String, Integer> counts) {
        List<String> entries = new ArrayList<>();
        counts.forEach((reason, count) -> entries.add(count + " " + reason));
        entries.sort(null);
        return String.join(", ", entries);
    }

    @Override
    public String toString() {
        return message();
    }
}
