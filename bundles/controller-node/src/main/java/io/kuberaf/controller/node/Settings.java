package io.kuberaf.controller.node;

import java.time.Clock;
import java.time.Duration;

/** The node controllers' timings and ranges (see etc/io.kuberaf.controller.node.cfg). */
public record Settings(Duration monitorPeriod, Duration gracePeriod, Duration startupGracePeriod,
                       Duration forceDeleteDelay, Duration podGcPeriod, boolean allocateNodeCidrs,
                       String clusterCidr, int nodeCidrMaskSize, int workers, Clock clock) {

    /** Kubernetes' defaults. */
    public static Settings defaults() {
        return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(20), true, "10.244.0.0/16", 24, 2, Clock.systemUTC());
    }

    static Settings of(NodeControllerConfiguration c) {
        return new Settings(Duration.ofMillis(c.node_monitor_period_ms()), Duration.ofMillis(c.node_monitor_grace_period_ms()),
                Duration.ofMillis(c.node_startup_grace_period_ms()), Duration.ofMillis(c.terminating_pod_force_delete_delay_ms()),
                Duration.ofMillis(c.pod_gc_period_ms()), c.allocate_node_cidrs(), c.cluster_cidr(), c.node_cidr_mask_size(),
                c.workers(), Clock.systemUTC());
    }

    public Settings withTimings(Duration monitorPeriod, Duration gracePeriod, Duration podGcPeriod) {
        return new Settings(monitorPeriod, gracePeriod, startupGracePeriod, forceDeleteDelay, podGcPeriod,
                allocateNodeCidrs, clusterCidr, nodeCidrMaskSize, workers, clock);
    }

    public Settings withClusterCidr(String cidr, int maskSize) {
        return new Settings(monitorPeriod, gracePeriod, startupGracePeriod, forceDeleteDelay, podGcPeriod,
                allocateNodeCidrs, cidr, maskSize, workers, clock);
    }
}
