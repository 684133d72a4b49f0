package io.kuberaf.controller.replication;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes (then fails with a description). */
public final class Await {

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(30), condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** Waits until {@code condition} holds, describing the last state seen on failure. */
    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        try {
            until(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + state.get());
        }
    }
}
