package io.kuberaf.client.reconciler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Cleaner#cleanup} decided: remove the finalizer (the resource is then deleted), or keep it
 * (cleanup is not finished: reschedule to look again, or wait for a change of the resource).
 */
public final class DeleteControl {

    private final boolean removeFinalizer;
    private Duration rescheduleAfter;

    private DeleteControl(boolean removeFinalizer) {
        this.removeFinalizer = removeFinalizer;
    }

    /** Cleanup is done: remove the finalizer. */
    public static DeleteControl defaultDelete() {
        return new DeleteControl(true);
    }

    /** Cleanup is not done yet: keep the finalizer. */
    public static DeleteControl noFinalizerRemoval() {
        return new DeleteControl(false);
    }

    /** Calls cleanup again after {@code delay}; only with {@link #noFinalizerRemoval()}. */
    public DeleteControl rescheduleAfter(Duration delay) {
        if (removeFinalizer) {
            throw new IllegalStateException("a resource whose finalizer is removed is gone: nothing to reschedule");
        }
        this.rescheduleAfter = Objects.requireNonNull(delay, "delay");
        return this;
    }

    public DeleteControl rescheduleAfter(long delay, TimeUnit unit) {
        return rescheduleAfter(Duration.ofMillis(unit.toMillis(delay)));
    }

    public boolean isRemoveFinalizer() {
        return removeFinalizer;
    }

    public Optional<Duration> getScheduleDelay() {
        return Optional.ofNullable(rescheduleAfter);
    }
}
