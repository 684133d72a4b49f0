package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * Kubernetes' scheduling queue, in three parts: the active queue (highest priority first, then first
 * come), the back-off queue (pods that failed recently wait 1 s, 2 s, 4 s ... up to 10 s) and the
 * unschedulable pods, parked until a cluster event could make them fit ({@link #moveAllToActiveOrBackoff})
 * or until they have waited {@code unschedulableFlush}. A pod that failed after such an event happened
 * while it was being scheduled goes to back-off instead of being parked, so the event is not lost.
 */
public final class SchedulingQueue {

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration unschedulableFlush;
    private final LongSupplier clock;

    private final Map<String, QueuedPod> all = new HashMap<>();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(
            Comparator.comparingInt(QueuedPod::priority).reversed().thenComparingLong(q -> q.sequence));
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(Comparator.comparingLong(q -> q.backoffUntilNanos));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    /** Pods popped and not yet back (being scheduled or bound). */
    private final Map<String, QueuedPod> inFlight = new HashMap<>();
    private long sequence;
    private long moveRequestCycle = -1;
    private long schedulingCycle;
    private boolean closed;

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration unschedulableFlush, LongSupplier clock) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.unschedulableFlush = unschedulableFlush;
        this.clock = clock;
    }

    /** A new unscheduled pod, or a newer version of one already queued. */
    public synchronized void add(Pod pod) {
        String uid = pod.getMetadata().getUid();
        QueuedPod queued = all.get(uid);
        if (queued != null) {
            queued.pod = pod;
            return;
        }
        if (inFlight.containsKey(uid)) {
            inFlight.get(uid).pod = pod;
            return;
        }
        queued = new QueuedPod(pod, clock.getAsLong(), sequence++);
        all.put(uid, queued);
        active.add(queued);
        notifyAll();
    }

    /**
     * A pod's spec or labels changed: a parked pod may fit now, so it goes back to (back-off then) active.
     * Status-only changes (our own PodScheduled condition) must not come here.
     */
    public synchronized void update(Pod pod) {
        String uid = pod.getMetadata().getUid();
        QueuedPod queued = all.get(uid);
        if (queued == null) {
            add(pod);
            return;
        }
        queued.pod = pod;
        if (unschedulable.remove(uid) != null) {
            requeue(queued);
        }
    }

    /** The pod was deleted or bound: it leaves the queue. */
    public synchronized void delete(String uid) {
        QueuedPod queued = all.remove(uid);
        inFlight.remove(uid);
        if (queued != null) {
            active.remove(queued);
            backoff.remove(queued);
            unschedulable.remove(uid);
        }
    }

    /** The next pod to schedule, blocking; null once closed. Call {@link #done} or {@link #addUnschedulable} after. */
    public synchronized QueuedPod pop() throws InterruptedException {
        while (true) {
            if (closed) {
                return null;
            }
            flushBackoff();
            QueuedPod next = active.poll();
            if (next != null) {
                all.remove(next.uid);
                inFlight.put(next.uid, next);
                next.attempts++;
                schedulingCycle++;
                next.poppedInCycle = schedulingCycle;
                return next;
            }
            long waitMillis = backoff.isEmpty() ? 1000
                    : Math.max(1, (backoff.peek().backoffUntilNanos - clock.getAsLong()) / 1_000_000);
            wait(Math.min(waitMillis, 1000));
        }
    }

    /** The pod was scheduled (or dropped): it is no longer tracked. */
    public synchronized void done(String uid) {
        inFlight.remove(uid);
    }

    /** Scheduling failed: park the pod until a cluster event, or back it off if one already came. */
    public synchronized void addUnschedulable(QueuedPod queued) {
        if (inFlight.remove(queued.uid) == null || closed) {
            return; // deleted meanwhile
        }
        queued.backoffUntilNanos = clock.getAsLong() + backoffFor(queued.attempts).toNanos();
        all.put(queued.uid, queued);
        if (moveRequestCycle >= queued.poppedInCycle) {
            backoff.add(queued);
            notifyAll();
        } else {
            queued.unschedulableSinceNanos = clock.getAsLong();
            unschedulable.put(queued.uid, queued);
        }
    }

    /** Binding failed (not the pod's fault): back to the queue after its back-off. */
    public synchronized void addBackoff(QueuedPod queued) {
        if (inFlight.remove(queued.uid) == null || closed) {
            return;
        }
        queued.backoffUntilNanos = clock.getAsLong() + backoffFor(queued.attempts).toNanos();
        all.put(queued.uid, queued);
        backoff.add(queued);
        notifyAll();
    }

    /** A cluster event (node added or changed, pod deleted) may let parked pods fit. */
    public synchronized void moveAllToActiveOrBackoff() {
        List<QueuedPod> parked = new ArrayList<>(unschedulable.values());
        unschedulable.clear();
        parked.forEach(this::requeue);
        moveRequestCycle = schedulingCycle;
        notifyAll();
    }

    /** Moves pods parked for longer than the flush interval back (Kubernetes' periodic flush). */
    public synchronized void flushUnschedulable() {
        long now = clock.getAsLong();
        List<QueuedPod> due = unschedulable.values().stream()
                .filter(q -> now - q.unschedulableSinceNanos >= unschedulableFlush.toNanos())
                .toList();
        due.forEach(q -> {
            unschedulable.remove(q.uid);
            requeue(q);
        });
        if (!due.isEmpty()) {
            notifyAll();
        }
    }

    private void requeue(QueuedPod queued) {
        if (queued.backoffUntilNanos > clock.getAsLong()) {
            backoff.add(queued);
        } else {
            active.add(queued);
        }
        notifyAll();
    }

    private void flushBackoff() {
        long now = clock.getAsLong();
        while (!backoff.isEmpty() && backoff.peek().backoffUntilNanos <= now) {
            active.add(backoff.poll());
        }
    }

    Duration backoffFor(int attempts) {
        Duration delay = initialBackoff;
        for (int i = 1; i < attempts && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    public synchronized int activeCount() {
        flushBackoff();
        return active.size();
    }

    public synchronized int backoffCount() {
        return backoff.size();
    }

    public synchronized int unschedulableCount() {
        return unschedulable.size();
    }

    public synchronized boolean contains(String uid) {
        return all.containsKey(uid) || inFlight.containsKey(uid);
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
