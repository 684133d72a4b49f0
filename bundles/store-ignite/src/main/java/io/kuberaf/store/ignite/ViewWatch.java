package io.kuberaf.store.ignite;

import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One watch: its own queue of events, drained on the shared executor by at most one task at a
 * time, so its listener sees events serially and in revision order.
 */
final class ViewWatch implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(ViewWatch.class);
    private static final int DRAIN_BATCH = 1024;

    private final StoreView view;
    private final String prefix;
    private final long startAfter;
    private final WatchListener listener;
    private final Executor executor;
    private final int limit;
    private final ConcurrentLinkedQueue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile StoreException failure;
    private volatile boolean closed;
    private boolean failureDelivered; // only touched by the (single) drain task

    ViewWatch(StoreView view, String prefix, long startAfter, WatchListener listener, Executor executor, int limit) {
        this.view = view;
        this.prefix = prefix;
        this.startAfter = startAfter;
        this.listener = listener;
        this.executor = executor;
        this.limit = limit;
    }

    String prefix() {
        return prefix;
    }

    /** Queues an event; called by the view under its lock, never blocks. */
    void offer(WatchEvent e) {
        if (closed || e.revision() <= startAfter) {
            return;
        }
        if (size.incrementAndGet() > limit) {
            fail(new StoreException("watcher too slow: more than " + limit + " events of watch on '" + prefix
                    + "' are waiting for delivery; re-list and watch again"));
            return;
        }
        queue.add(e);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException ex) {
                scheduled.set(false); // store stopping
            }
        }
    }

    private void drain() {
        int n = 0;
        WatchEvent e;
        while (!closed && n < DRAIN_BATCH && (e = queue.poll()) != null) {
            size.decrementAndGet();
            n++;
            try {
                listener.onEvent(e);
            } catch (Throwable t) {
                LOG.warn("Watch listener on '{}' threw on revision {}; closing the watch", prefix, e.revision(), t);
                fail(new StoreException("watch listener failed: " + t, t));
            }
        }
        StoreException f = failure;
        if (closed && f != null && !failureDelivered) {
            failureDelivered = true;
            queue.clear();
            try {
                listener.onClose(f);
            } catch (Throwable t) {
                LOG.warn("Watch listener on '{}' threw in onClose", prefix, t);
            }
        }
        scheduled.set(false);
        boolean more = closed ? (failure != null && !failureDelivered) : !queue.isEmpty();
        if (more) {
            schedule();
        }
    }

    /** Ends the watch with an error delivered to {@link WatchListener#onClose}. */
    void fail(StoreException cause) {
        if (closed) {
            return;
        }
        failure = cause;
        closed = true;
        view.remove(this);
        schedule();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        view.remove(this);
        queue.clear();
    }

    @Override
    public String toString() {
        return "Watch[" + prefix + " after " + startAfter + "]";
    }
}
