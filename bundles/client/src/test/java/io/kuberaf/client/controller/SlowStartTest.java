package io.kuberaf.client.controller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowStartTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void allCallsRunWhenNoneFails() {
        AtomicInteger calls = new AtomicInteger();
        SlowStart.Outcome outcome = SlowStart.run(10, 1, executor, calls::incrementAndGet);
        assertEquals(10, calls.get());
        assertEquals(10, outcome.succeeded());
        assertFalse(outcome.failed());
    }

    @Test
    void aFailingBatchStopsTheRest() {
        AtomicInteger calls = new AtomicInteger();
        SlowStart.Outcome outcome = SlowStart.run(100, 1, executor, () -> {
            if (calls.incrementAndGet() > 3) {
                throw new IllegalStateException("quota exceeded");
            }
        });
        // batches 1, 2 succeed (3 calls), the batch of 4 fails: 7 calls, 93 skipped
        assertEquals(7, calls.get());
        assertEquals(3, outcome.succeeded());
        assertEquals(93, outcome.skipped());
        assertTrue(outcome.failed());
        assertEquals("quota exceeded", outcome.firstFailure().getMessage());
    }

    @Test
    void zeroCallsIsNothing() {
        SlowStart.Outcome outcome = SlowStart.run(0, 1, executor, () -> {
            throw new AssertionError("never called");
        });
        assertEquals(0, outcome.succeeded());
        assertFalse(outcome.failed());
    }
}
