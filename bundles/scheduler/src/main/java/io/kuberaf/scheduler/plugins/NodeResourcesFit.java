package io.kuberaf.scheduler.plugins;

import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Resources;
import io.kuberaf.scheduler.spi.ScorePlugin;
import io.kuberaf.scheduler.spi.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Filter: the node has room for the pod's requests (pods, cpu, memory, every other requested resource).
 * Score (LeastAllocated, kube-scheduler's default strategy): the share of cpu and memory left free after
 * placing the pod, averaged; emptier nodes score higher.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        Resources allocatable = node.allocatable();
        Resources requested = node.requested();
        if (node.pods().size() + 1 > allocatable.pods()) {
            reasons.add("Too many pods");
        }
        Resources wanted = pod.requests();
        if (wanted.milliCpu() > 0 && wanted.milliCpu() > allocatable.milliCpu() - requested.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (wanted.memory() > 0 && wanted.memory() > allocatable.memory() - requested.memory()) {
            reasons.add("Insufficient memory");
        }
        for (Map.Entry<String, Long> scalar : wanted.scalars().entrySet()) {
            if (scalar.getValue() > 0 && scalar.getValue() > allocatable.get(scalar.getKey()) - requested.get(scalar.getKey())) {
                reasons.add("Insufficient " + scalar.getKey());
            }
        }
        return reasons.isEmpty() ? Status.SUCCESS : new Status(Status.Code.UNSCHEDULABLE, reasons);
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        Resources allocatable = node.allocatable();
        Resources requested = node.nonZeroRequested().plus(pod.nonZeroRequests());
        return (leastAllocated(requested.milliCpu(), allocatable.milliCpu())
                + leastAllocated(requested.memory(), allocatable.memory())) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }
}
