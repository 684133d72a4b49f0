package io.kuberaf.client.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Creations and deletions a controller has asked for and its informer has not seen yet, per
 * controller key. While a key's expectations are not met, its reconcile must not create or delete
 * again (it would count the same pods twice). Expectations older than 5 minutes are treated as met,
 * so that a lost watch event cannot stall a controller for ever (client-go's ExpectationsTimeout).
 */
public final class Expectations {

    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public Expectations() {
        this(Clock.systemUTC());
    }

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** Sets what {@code key} waits for (replacing earlier expectations). */
    public void expect(String key, int creations, int deletions) {
        pending.put(key, new Pending(creations, deletions, clock.instant()));
    }

    public void expectCreations(String key, int count) {
        expect(key, count, 0);
    }

    public void expectDeletions(String key, int count) {
        expect(key, 0, count);
    }

    /** The informer saw one of the creations (or the controller gave one up because it failed). */
    public void creationObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.creations - 1, p.deletions, p.since));
    }

    /** The informer saw one of the deletions (or the controller gave one up because it failed). */
    public void deletionObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.creations, p.deletions - 1, p.since));
    }

    /** True when {@code key} may create or delete again: nothing pending, all seen, or timed out. */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        return p == null || (p.creations <= 0 && p.deletions <= 0)
                || Duration.between(p.since, clock.instant()).compareTo(TIMEOUT) > 0;
    }

    /** Forgets {@code key} (its object was deleted). */
    public void delete(String key) {
        pending.remove(key);
    }

    private record Pending(int creations, int deletions, Instant since) {
    }
}
