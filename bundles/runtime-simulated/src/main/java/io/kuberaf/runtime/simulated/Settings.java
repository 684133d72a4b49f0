package io.kuberaf.runtime.simulated;

import java.time.Duration;

/**
 * How a simulated runtime behaves.
 *
 * @param startDelay         how long startContainer takes (blocks the caller, as a real runtime would)
 * @param failureRate        probability (0..1) that startContainer fails
 * @param missingImagePrefix images whose name starts with this cannot be pulled (ErrImagePull); empty for none
 * @param defaultPodCidr     where sandbox IPs come from until the node's pod CIDR is set
 */
public record Settings(Duration startDelay, double failureRate, String missingImagePrefix, String defaultPodCidr) {

    public static final Settings DEFAULTS = new Settings(Duration.ZERO, 0, "missing/", "10.88.0.0/16");

    static Settings of(SimulatedConfig config) {
        return new Settings(Duration.ofMillis(Math.max(0, config.start_delay_ms())), config.failure_rate(),
                config.missing_image_prefix(), config.default_pod_cidr());
    }
}
