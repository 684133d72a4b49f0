package io.kuberaf.scheduler.plugins;

import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Resources;
import io.kuberaf.scheduler.spi.ScorePlugin;

/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal shares
 * after placing the pod (score = (1 - standard deviation of the two fractions) x 100).
 */
public final class BalancedAllocation implements ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        Resources allocatable = node.allocatable();
        Resources requested = node.nonZeroRequested().plus(pod.nonZeroRequests());
        double cpu = fraction(requested.milliCpu(), allocatable.milliCpu());
        double memory = fraction(requested.memory(), allocatable.memory());
        // The standard deviation of two values is half their distance.
        double deviation = Math.abs(cpu - memory) / 2;
        return (long) ((1 - deviation) * MAX_SCORE);
    }

    private static double fraction(long requested, long capacity) {
        return capacity <= 0 ? 1 : Math.min(1, (double) requested / capacity);
    }
}
