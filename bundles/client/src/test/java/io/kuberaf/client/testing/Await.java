package io.kuberaf.client.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes, then fails the test saying what it waited for. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(timeout, () -> condition.getAsBoolean() ? null : "timed out after " + timeout + " waiting for: " + what);
    }

    /** As {@link #until(String, BooleanSupplier)}, failing with {@code lastSeen}: the state it waited on. */
    public static void until(String what, BooleanSupplier condition, Supplier<String> lastSeen) {
        try {
            until(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + lastSeen.get(), e);
        }
    }

    /** Waits until {@code problem} answers null; on time-out fails with the last problem it answered. */
    public static void until(Duration timeout, Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        while ((last = problem.get()) != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(last);
            }
            pause(last);
        }
    }

    /** Waits for {@code probe} to answer something other than null, and returns it. */
    public static <T> T await(String what, Supplier<T> probe) {
        return await(what, DEFAULT, probe);
    }

    public static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value;
        while ((value = probe.get()) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            pause(what);
        }
        return value;
    }

    private static void pause(String what) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for: " + what, e);
        }
    }
}
