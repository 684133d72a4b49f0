package io.kuberaf.controller.replication;

/**
 * The status fields ReplicaSets and ReplicationControllers share; {@code failure} is the
 * ReplicaFailure condition (null when there is none).
 */
record ReplicaStatus(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                     long observedGeneration, Failure failure) {

    /** The ReplicaFailure condition: reason FailedCreate or FailedDelete. */
    record Failure(String reason, String message, String lastTransitionTime) {
    }

    /** Equal apart from the failure's transition time (which alone never justifies a write). */
    boolean sameAs(ReplicaStatus other) {
        return replicas == other.replicas && fullyLabeledReplicas == other.fullyLabeledReplicas
                && readyReplicas == other.readyReplicas && availableReplicas == other.availableReplicas
                && observedGeneration == other.observedGeneration
                && (failure == null ? other.failure == null
                : other.failure != null && failure.reason.equals(other.failure.reason)
                && failure.message.equals(other.failure.message));
    }
}
