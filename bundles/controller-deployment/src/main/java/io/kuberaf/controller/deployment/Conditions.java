package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deployment conditions, with Kubernetes' reasons and its rule for transition times. */
final class Conditions {

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
    static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";

    private Conditions() {
    }

    static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(time).withLastTransitionTime(time).build();
    }

    static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    /**
     * Sets a condition: nothing changes when status and reason are the same; the transition time
     * is kept when only the reason changes.
     */
    static void set(DeploymentStatus status, DeploymentCondition condition) {
        Optional<DeploymentCondition> current = get(status, condition.getType());
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())
                && current.get().getReason().equals(condition.getReason())) {
            return;
        }
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        remove(status, condition.getType());
        status.getConditions().add(condition);
    }

    static void remove(DeploymentStatus status, String type) {
        List<DeploymentCondition> kept = new ArrayList<>();
        if (status.getConditions() != null) {
            status.getConditions().stream().filter(condition -> !type.equals(condition.getType())).forEach(kept::add);
        }
        status.setConditions(kept);
    }
}
