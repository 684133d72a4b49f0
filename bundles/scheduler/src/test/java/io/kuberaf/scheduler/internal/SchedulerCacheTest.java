package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.kuberaf.scheduler.Fixtures.node;
import static io.kuberaf.scheduler.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final SchedulerCache cache = new SchedulerCache(Duration.ofSeconds(30), now::get);

    @Test
    void assumedPodsCountUntilConfirmedForgottenOrExpired() {
        cache.upsertNode(node("n1", "2", "4Gi").build());
        Pod pod = pod("p", "1", "1Gi").build();
        cache.assume(new PodInfoImpl(pod), "n1");
        assertEquals(1000, cache.node("n1").requested().milliCpu());

        // The informer shows the binding: same pod, counted once, no longer assumed.
        pod.getSpec().setNodeName("n1");
        cache.upsertBoundPod(pod);
        assertFalse(cache.isAssumed(pod.getMetadata().getUid()));
        assertEquals(1000, cache.node("n1").requested().milliCpu());

        Pod failed = pod("f", "500m", null).build();
        cache.assume(new PodInfoImpl(failed), "n1");
        cache.forget(failed.getMetadata().getUid());
        assertEquals(1000, cache.node("n1").requested().milliCpu());

        Pod lost = pod("l", "500m", null).build();
        cache.assume(new PodInfoImpl(lost), "n1");
        cache.finishBinding(lost.getMetadata().getUid());
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertEquals(0, cache.expireAssumed());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(1, cache.expireAssumed());
        assertEquals(1000, cache.node("n1").requested().milliCpu());
        assertEquals(2, cache.node("n1").pods().size() + 1);
    }

    @Test
    void terminalAndDeletedPodsFreeTheirRoom() {
        cache.upsertNode(node("n1", "2", "4Gi").build());
        Pod pod = pod("p", "1", null).editSpec().withNodeName("n1").endSpec().build();
        cache.upsertBoundPod(pod);
        assertTrue(cache.isKnown(pod.getMetadata().getUid()));
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
        cache.upsertBoundPod(pod);
        assertEquals(0, cache.node("n1").requested().milliCpu());
        Pod other = pod("o", "1", null).editSpec().withNodeName("n1").endSpec().build();
        cache.upsertBoundPod(other);
        cache.removePod(other.getMetadata().getUid());
        assertEquals(0, cache.node("n1").pods().size());
    }
}
