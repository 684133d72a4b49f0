package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.kuberaf.scheduler.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SchedulingQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(60), now::get);

    @Test
    void higherPriorityFirstThenArrival() throws Exception {
        Pod low1 = pod("low1", null, null).build();
        Pod high = pod("high", null, null).editSpec().withPriority(1000).endSpec().build();
        Pod low2 = pod("low2", null, null).build();
        queue.add(low1);
        queue.add(high);
        queue.add(low2);
        assertEquals("high", queue.pop().pod().getMetadata().getName());
        assertEquals("low1", queue.pop().pod().getMetadata().getName());
        assertEquals("low2", queue.pop().pod().getMetadata().getName());
    }

    @Test
    void unschedulablePodsWaitForAnEventThenTheirBackoff() throws Exception {
        queue.add(pod("p", null, null).build());
        QueuedPod popped = queue.pop();
        queue.addUnschedulable(popped);
        assertEquals(1, queue.unschedulableCount());
        assertEquals(0, queue.activeCount());
        queue.moveAllToActiveOrBackoff();
        assertEquals(1, queue.backoffCount(), "still within its 1 s back-off");
        now.addAndGet(Duration.ofMillis(1001).toNanos());
        assertEquals(1, queue.activeCount());
        assertEquals(2, queue.pop().attempts());
    }

    @Test
    void anEventDuringTheAttemptSendsThePodToBackoffNotToTheParkingLot() throws Exception {
        queue.add(pod("p", null, null).build());
        QueuedPod popped = queue.pop();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
        queue.addUnschedulable(popped);
        assertEquals(0, queue.unschedulableCount());
        assertEquals(1, queue.backoffCount());
    }

    @Test
    void backoffDoublesFromOneToTenSeconds() {
        assertEquals(Duration.ofSeconds(1), queue.backoffFor(1));
        assertEquals(Duration.ofSeconds(2), queue.backoffFor(2));
        assertEquals(Duration.ofSeconds(8), queue.backoffFor(4));
        assertEquals(Duration.ofSeconds(10), queue.backoffFor(5));
        assertEquals(Duration.ofSeconds(10), queue.backoffFor(30));
    }

    @Test
    void parkedPodsAreFlushedAfterTheInterval() throws Exception {
        queue.add(pod("p", null, null).build());
        queue.addUnschedulable(queue.pop());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        queue.flushUnschedulable();
        assertEquals(1, queue.unschedulableCount());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        queue.flushUnschedulable();
        assertEquals(0, queue.unschedulableCount());
        assertEquals(1, queue.activeCount());
    }

    @Test
    void deletedPodsLeave() throws Exception {
        Pod pod = pod("p", null, null).build();
        queue.add(pod);
        queue.delete(pod.getMetadata().getUid());
        assertEquals(0, queue.activeCount());
        queue.add(pod);
        QueuedPod popped = queue.pop();
        queue.delete(pod.getMetadata().getUid());
        queue.addUnschedulable(popped);
        assertEquals(0, queue.unschedulableCount());
    }
}
