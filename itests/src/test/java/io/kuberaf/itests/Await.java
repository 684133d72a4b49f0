package io.kuberaf.itests;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition that the platform reaches asynchronously (bundle starts, DS activation). */
public final class Await {

    private Await() {
    }

    /** Polls until {@code problem} returns null; fails with the last problem it reported. */
    public static void until(Duration timeout, Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = problem.get();
        while (last != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout.toSeconds() + " s: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + last);
            }
            last = problem.get();
        }
    }
}
