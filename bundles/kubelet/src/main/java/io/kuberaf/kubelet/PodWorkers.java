package io.kuberaf.kubelet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a kubelet's pod syncs on the shared worker pool: never two syncs of the same pod at once; a pod
 * queued while it syncs runs once more afterwards; a delayed requeue keeps only the earliest one.
 */
final class PodWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);

    private final Executor pool;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> sync;
    private final Set<String> active = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Delayed> delayed = new HashMap<>();
    private boolean closed;

    PodWorkers(Executor pool, ScheduledExecutorService scheduler, Consumer<String> sync) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.sync = sync;
    }

    void enqueue(String uid) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (active.contains(uid)) {
                dirty.add(uid);
                return;
            }
            active.add(uid);
        }
        pool.execute(() -> run(uid));
    }

    void enqueueAfter(String uid, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            enqueue(uid);
            return;
        }
        long at = System.nanoTime() + delay.toNanos();
        synchronized (this) {
            Delayed pending = delayed.get(uid);
            if (closed || pending != null && pending.at() <= at) {
                return;
            }
            if (pending != null) {
                pending.future().cancel(false);
            }
            ScheduledFuture<?> future = scheduler.schedule(() -> {
                synchronized (this) {
                    delayed.remove(uid);
                }
                enqueue(uid);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
            delayed.put(uid, new Delayed(at, future));
        }
    }

    private void run(String uid) {
        try {
            sync.accept(uid);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Syncing pod {} failed; it is retried: {}", uid, e.toString(), e);
            enqueueAfter(uid, Duration.ofSeconds(5));
        } finally {
            boolean again;
            synchronized (this) {
                again = dirty.remove(uid) && !closed;
                if (!again) {
                    active.remove(uid);
                }
            }
            if (again) {
                pool.execute(() -> run(uid));
            }
        }
    }

    synchronized void close() {
        closed = true;
        delayed.values().forEach(d -> d.future().cancel(false));
        delayed.clear();
        dirty.clear();
    }

    private record Delayed(long at, ScheduledFuture<?> future) {
    }
}
