package io.kuberaf.controller.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kuberaf node controller",
        description = "Node lifecycle (health, condition taints, NoExecute eviction), pod garbage collection and node IPAM")
public @interface NodeControllerConfiguration {

    @AttributeDefinition(description = "Milliseconds between two looks at every node's health (node-monitor-period)")
    long node_monitor_period_ms() default 5000;

    @AttributeDefinition(description = "Milliseconds without a Lease renewal or Ready heartbeat before a node is Unknown (node-monitor-grace-period)")
    long node_monitor_grace_period_ms() default 40000;

    @AttributeDefinition(description = "Milliseconds a node that never posted status gets before it is Unknown (node-startup-grace-period)")
    long node_startup_grace_period_ms() default 60000;

    @AttributeDefinition(description = "Milliseconds past the end of its grace period before a terminating pod on a node that is not Ready (or gone) is force-deleted")
    long terminating_pod_force_delete_delay_ms() default 0;

    @AttributeDefinition(description = "Milliseconds between full passes of the pod garbage collector")
    long pod_gc_period_ms() default 20000;

    @AttributeDefinition(description = "Whether to assign spec.podCIDR to nodes (allocate-node-cidrs)")
    boolean allocate_node_cidrs() default true;

    @AttributeDefinition(description = "The IPv4 range node pod CIDRs are taken from (cluster-cidr)")
    String cluster_cidr() default "10.244.0.0/16";

    @AttributeDefinition(description = "Prefix length of each node's pod CIDR (node-cidr-mask-size)")
    int node_cidr_mask_size() default 24;

    @AttributeDefinition(description = "Worker threads of each of the node controllers")
    int workers() default 2;
}
