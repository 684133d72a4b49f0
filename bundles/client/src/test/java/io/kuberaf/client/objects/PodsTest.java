package io.kuberaf.client.objects;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void aPodWithoutStatusIsPendingActiveAndNotReady() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertEquals("Pending", Pods.phase(pod));
        assertTrue(Pods.isActive(pod));
        assertFalse(Pods.isReady(pod));
        assertEquals(Optional.empty(), Pods.readySince(pod));
        assertEquals(0, Pods.restarts(pod));
    }

    @Test
    void finishedOrTerminatingPodsAreNotActive() {
        assertFalse(Pods.isActive(withPhase("Succeeded")));
        assertFalse(Pods.isActive(withPhase("Failed")));
        assertTrue(Pods.isActive(withPhase("Running")));
        Pod deleting = new PodBuilder(withPhase("Running")).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z")
                .endMetadata().build();
        assertTrue(Pods.isTerminating(deleting));
        assertFalse(Pods.isActive(deleting));
    }

    @Test
    void availableOnceReadyForMinReadySeconds() {
        Pod pod = ready("True", "2025-01-01T11:59:50Z");
        assertTrue(Pods.isReady(pod));
        assertEquals(Optional.of(Instant.parse("2025-01-01T11:59:50Z")), Pods.readySince(pod));
        assertTrue(Pods.isAvailable(pod, 0, NOW));
        assertTrue(Pods.isAvailable(pod, 10, NOW));
        assertFalse(Pods.isAvailable(pod, 11, NOW));
        Pod notReady = ready("False", "2025-01-01T11:00:00Z");
        assertFalse(Pods.isReady(notReady));
        assertEquals(Optional.empty(), Pods.readySince(notReady));
        assertFalse(Pods.isAvailable(notReady, 0, NOW));
    }

    @Test
    void restartsAreTheHighestOfTheContainers() {
        Pod pod = new PodBuilder(withPhase("Running")).editStatus()
                .addNewContainerStatus().withName("a").withRestartCount(2).endContainerStatus()
                .addNewContainerStatus().withName("b").withRestartCount(5).endContainerStatus()
                .endStatus().build();
        assertEquals(5, Pods.restarts(pod));
    }

    private static Pod withPhase(String phase) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    }

    private static Pod ready(String status, String since) {
        return new PodBuilder(withPhase("Running")).editStatus().addNewCondition().withType("Ready").withStatus(status)
                .withLastTransitionTime(since).endCondition().endStatus().build();
    }
}
