package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.Optional;

/** What the controllers read from a pod: activity, readiness, availability. */
final class Pods {

    private Pods() {
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Counted as a replica: not finished (Succeeded/Failed) and not being deleted. */
    static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !isTerminating(pod);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static boolean isReady(Pod pod) {
        return readyCondition(pod).map(condition -> "True".equals(condition.getStatus())).orElse(false);
    }

    /** When the pod last became ready, if it is ready and the time is known. */
    static Optional<Instant> readySince(Pod pod) {
        return readyCondition(pod)
                .filter(condition -> "True".equals(condition.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(time -> time != null && !time.isEmpty())
                .map(Instant::parse);
    }

    /** Ready for at least {@code minReadySeconds} at {@code now} (ready is enough when minReadySeconds is 0). */
    static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        return readySince(pod).map(since -> !since.plusSeconds(minReadySeconds).isAfter(now)).orElse(false);
    }

    /** The highest restart count among the pod's containers. */
    static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getRestartCount)
                .filter(count -> count != null)
                .mapToInt(Integer::intValue)
                .max().orElse(0);
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(condition -> "Ready".equals(condition.getType())).findFirst();
    }
}
