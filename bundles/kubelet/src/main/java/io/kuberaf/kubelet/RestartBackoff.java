package io.kuberaf.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' crash-loop back-off per key (pod uid + container name, or pod uid + image): the first restart is
 * immediate, then each restart waits base, 2 x base ... up to max after the failure it answers. A container
 * that ran longer than {@link #RESET_AFTER} before it failed starts again from base.
 */
final class RestartBackoff {

    static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private final Duration base;
    private final Duration max;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    RestartBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /**
     * How long {@code key} must still wait after a failure at {@code failedAt}; zero when it may restart now.
     */
    Duration remaining(String key, Instant failedAt, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Duration.ZERO;
        }
        Instant until = failedAt.plus(entry.delay);
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }

    /** The delay in force for {@code key} (for "back-off 20s restarting ..."), zero when none. */
    Duration current(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.delay;
    }

    /**
     * Records a restart after the failure at {@code failedAt} of a container that had run for {@code ran}:
     * the next failure waits twice as long (or base again after a long run).
     */
    void restarted(String key, Instant failedAt, Duration ran) {
        entries.compute(key, (k, entry) -> {
            if (entry == null || ran.compareTo(RESET_AFTER) >= 0) {
                return new Entry(base, failedAt);
            }
            Duration doubled = entry.delay.multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, failedAt);
        });
    }

    void forgetPrefix(String prefix) {
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Kubernetes' short form of a duration in messages: 10s, 1m20s, 5m0s. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        return (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    private record Entry(Duration delay, Instant failedAt) {
    }
}
