package io.kuberaf.client.controller;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkQueueTest {

    private final WorkQueue<String> queue = new WorkQueue<>("test", new Backoff<>(Duration.ofMillis(5), Duration.ofSeconds(1)));

    @Test
    void aKeyAddedTwiceWhileWaitingIsTakenOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertEquals(2, queue.length());
        assertEquals("a", queue.take());
        assertEquals("b", queue.take());
    }

    @Test
    void aKeyAddedWhileProcessedComesBackOnlyAfterDone() throws Exception {
        queue.add("a");
        String taken = queue.take();
        queue.add("a");
        assertEquals(0, queue.length(), "not handed to a second worker while the first holds it");
        queue.done(taken);
        assertEquals(1, queue.length());
        assertEquals("a", queue.take());
    }

    @Test
    void aKeyIsNeverHeldByTwoWorkersAtOnce() throws Exception {
        Set<String> held = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread worker = new Thread(() -> {
                try {
                    String key;
                    while ((key = queue.take()) != null) {
                        if (!held.add(key)) {
                            overlaps.incrementAndGet();
                        }
                        Thread.sleep(1);
                        held.remove(key);
                        processed.incrementAndGet();
                        queue.done(key);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (int i = 0; i < 2000; i++) {
            queue.add("key-" + (i % 3));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((queue.length() > 0 || !held.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        queue.close();
        for (Thread worker : workers) {
            worker.join(2000);
        }
        assertEquals(0, overlaps.get());
        assertTrue(processed.get() >= 3 && processed.get() <= 2000, "processed " + processed.get());
    }

    @Test
    void backoffDoublesUpToItsMaximumUntilForgotten() {
        Backoff<String> backoff = new Backoff<>(Duration.ofSeconds(10), Duration.ofMinutes(5));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.next("pod").toSeconds());
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L), delays);
        backoff.forget("pod");
        assertEquals(10, backoff.next("pod").toSeconds());
        assertEquals(1, backoff.failures("pod"));
    }

    @Test
    void backoffNeverOverflows() {
        Backoff<String> backoff = new Backoff<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 100; i++) {
            last = backoff.next("k");
        }
        assertEquals(Duration.ofSeconds(1000), last);
    }

    @Test
    void addAfterDelaysAndRateLimitedGrows() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("late", Duration.ofMillis(100));
        assertEquals(0, queue.length());
        assertEquals("late", queue.take());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
        queue.done("late");
        queue.addRateLimited("x");
        queue.addRateLimited("x");
        assertEquals(2, queue.requeues("x"));
        queue.forget("x");
        assertEquals(0, queue.requeues("x"));
    }

    @Test
    void closeWakesWaitingWorkersWithNull() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Thread worker = new Thread(() -> {
            try {
                got.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        });
        worker.start();
        Thread.sleep(50);
        queue.close();
        assertTrue(ended.await(2, TimeUnit.SECONDS));
        assertNull(got.get(0));
        queue.add("ignored");
        assertFalse(queue.length() > 0);
    }
}
