package io.kuberaf.runtime.simulated;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID io.kuberaf.runtime.simulated: the simulated runtime and the hollow nodes' runtimes. */
@ObjectClassDefinition(name = "Kuberaf simulated runtime", description = "Container runtime without processes, for hollow nodes")
public @interface SimulatedConfig {

    String PID = "io.kuberaf.runtime.simulated";

    @AttributeDefinition(description = "Milliseconds a container start takes")
    long start_delay_ms() default 0;

    @AttributeDefinition(description = "Probability (0..1) that a container start fails")
    double failure_rate() default 0;

    @AttributeDefinition(description = "Images whose name starts with this cannot be pulled; empty for none")
    String missing_image_prefix() default "missing/";

    @AttributeDefinition(description = "Where sandbox IPs come from until the node's pod CIDR is assigned")
    String default_pod_cidr() default "10.88.0.0/16";

    @AttributeDefinition(description = "CPUs a hollow node reports")
    int hollow_cpus() default 4;

    @AttributeDefinition(description = "Memory a hollow node reports, in MiB")
    long hollow_memory_mib() default 16384;

    @AttributeDefinition(description = "Seconds between a hollow kubelet's runtime relists")
    int hollow_relist_seconds() default 5;
}
