package io.kuberaf.client.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Client-go's rate-limited work queue: a key added while it waits is queued once; a key added while a
 * worker processes it is queued again only when that worker calls {@link #done}, so no two workers
 * ever hold the same key; {@link #addRateLimited} delays by the key's back-off until {@link #forget}.
 */
public final class WorkQueue<K> implements AutoCloseable {

    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Backoff<K> backoff;
    private final ScheduledExecutorService delays;
    private boolean shutDown;

    public WorkQueue(String name, Backoff<K> backoff) {
        this.backoff = backoff;
        this.delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-delayed-adds");
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void add(K key) {
        if (shutDown || !dirty.add(key)) {
            return;
        }
        if (!processing.contains(key)) {
            queue.addLast(key);
            notify();
        }
    }

    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        synchronized (this) {
            if (shutDown) {
                return;
            }
            delays.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Adds the key after its back-off, which grows each time until {@link #forget}. */
    public void addRateLimited(K key) {
        addAfter(key, backoff.next(key));
    }

    /** Ends the key's back-off (after a success). */
    public void forget(K key) {
        backoff.forget(key);
    }

    public int requeues(K key) {
        return backoff.failures(key);
    }

    /** The next key, blocking; null once the queue is shut down. The caller must call {@link #done}. */
    public synchronized K take() throws InterruptedException {
        while (queue.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return null;
        }
        K key = queue.removeFirst();
        processing.add(key);
        dirty.remove(key);
        return key;
    }

    public synchronized void done(K key) {
        processing.remove(key);
        if (dirty.contains(key) && !shutDown) {
            queue.addLast(key);
            notify();
        }
    }

    public synchronized int length() {
        return queue.size();
    }

    public synchronized boolean isShutDown() {
        return shutDown;
    }

    @Override
    public synchronized void close() {
        shutDown = true;
        delays.shutdownNow();
        notifyAll();
    }
}
