package io.kuberaf.scheduler.internal;

import java.time.Duration;

/** The scheduler's tunables (see etc/io.kuberaf.scheduler.cfg for each one's meaning). */
public record Settings(String schedulerName, int percentageOfNodesToScore, Duration podInitialBackoff,
                       Duration podMaxBackoff, Duration unschedulableFlush, Duration assumedPodTtl,
                       int maxInFlightBindings, int reportWriters) {

    public static Settings defaults() {
        return new Settings("default-scheduler", 0, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 64, 2);
    }

    public Settings withPercentageOfNodesToScore(int percentage) {
        return new Settings(schedulerName, percentage, podInitialBackoff, podMaxBackoff, unschedulableFlush, assumedPodTtl,
                maxInFlightBindings, reportWriters);
    }
}
