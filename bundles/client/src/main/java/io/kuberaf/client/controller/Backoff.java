package io.kuberaf.client.controller;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Per-key exponential back-off: base, 2 x base, 4 x base ... up to max, until forgotten. */
public final class Backoff<K> {

    private final Duration base;
    private final Duration max;
    private final Map<K, Integer> failures = new HashMap<>();

    public Backoff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max, got " + base + " and " + max);
        }
        this.base = base;
        this.max = max;
    }

    /** The delay before the next try of {@code key}, counting this failure. */
    public synchronized Duration next(K key) {
        int exponent = failures.merge(key, 1, Integer::sum) - 1;
        if (exponent >= 62) {
            return max;
        }
        long factor = 1L << exponent;
        long millis = base.toMillis() > max.toMillis() / factor ? max.toMillis() : base.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    public synchronized int failures(K key) {
        return failures.getOrDefault(key, 0);
    }

    public synchronized void forget(K key) {
        failures.remove(key);
    }
}
