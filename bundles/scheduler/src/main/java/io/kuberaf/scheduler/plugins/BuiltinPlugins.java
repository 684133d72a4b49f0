package io.kuberaf.scheduler.plugins;

import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.ScorePlugin;

import java.util.List;

/** The default profile: filters cheapest first, scores with kube-scheduler's default weights. */
public final class BuiltinPlugins {

    private BuiltinPlugins() {
    }

    public static List<FilterPlugin> filters() {
        return List.of(new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity(),
                new NodePorts(), new NodeResourcesFit(), new InterPodAffinity());
    }

    public static List<ScorePlugin> scores() {
        return List.of(new NodeResourcesFit(), new BalancedAllocation(), new SelectorSpread(), new NodeAffinity(),
                new TaintToleration(), new InterPodAffinity());
    }
}
