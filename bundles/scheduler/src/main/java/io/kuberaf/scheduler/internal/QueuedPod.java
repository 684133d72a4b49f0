package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;

/** A pod waiting in the scheduling queue, with its attempt history. Changed only under the queue's lock. */
public final class QueuedPod {

    final String uid;
    Pod pod;
    /** When it first entered the queue (the order among equal priorities). */
    final long arrivalNanos;
    final long sequence;
    int attempts;
    long backoffUntilNanos;
    long unschedulableSinceNanos;
    /** The scheduling cycle in which it was last popped. */
    long poppedInCycle;

    QueuedPod(Pod pod, long arrivalNanos, long sequence) {
        this.uid = pod.getMetadata().getUid();
        this.pod = pod;
        this.arrivalNanos = arrivalNanos;
        this.sequence = sequence;
    }

    public Pod pod() {
        return pod;
    }

    public int attempts() {
        return attempts;
    }

    int priority() {
        Integer priority = pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }
}
