package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** v1 ReplicationController: a map selector. */
final class ReplicationControllerKind implements ReplicatedKind<ReplicationController> {

    @Override
    public Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    public String kind() {
        return "ReplicationController";
    }

    @Override
    public String apiVersion() {
        return "v1";
    }

    @Override
    public String controllerName() {
        return "replication-controller";
    }

    @Override
    public int replicas(ReplicationController owner) {
        Integer replicas = owner.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    @Override
    public int minReadySeconds(ReplicationController owner) {
        Integer seconds = owner.getSpec().getMinReadySeconds();
        return seconds == null ? 0 : seconds;
    }

    @Override
    public boolean selects(ReplicationController owner, Map<String, String> labels) {
        Map<String, String> selector = owner.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && LabelSelectors.matchesLabels(selector, labels);
    }

    @Override
    public PodTemplateSpec template(ReplicationController owner) {
        return owner.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicationController owner) {
        ReplicationControllerStatus status = owner.getStatus();
        if (status == null) {
            return new ReplicaStatus(0, 0, 0, 0, 0, null);
        }
        ReplicaStatus.Failure failure = status.getConditions() == null ? null : status.getConditions().stream()
                .filter(condition -> "ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus()))
                .map(condition -> new ReplicaStatus.Failure(condition.getReason(), condition.getMessage(),
                        condition.getLastTransitionTime()))
                .findFirst().orElse(null);
        return new ReplicaStatus(orZero(status.getReplicas()), orZero(status.getFullyLabeledReplicas()),
                orZero(status.getReadyReplicas()), orZero(status.getAvailableReplicas()),
                status.getObservedGeneration() == null ? 0 : status.getObservedGeneration(), failure);
    }

    @Override
    public void writeStatus(KubernetesClient client, ReplicationController owner, ReplicaStatus status) {
        ReplicationController copy = new ReplicationController(owner.getApiVersion(), owner.getKind(), owner.getMetadata(), owner.getSpec(), null);
        List<ReplicationControllerCondition> conditions = new ArrayList<>();
        if (owner.getStatus() != null && owner.getStatus().getConditions() != null) {
            owner.getStatus().getConditions().stream()
                    .filter(condition -> !"ReplicaFailure".equals(condition.getType()))
                    .forEach(conditions::add);
        }
        if (status.failure() != null) {
            conditions.add(new ReplicationControllerConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(status.failure().reason()).withMessage(status.failure().message())
                    .withLastTransitionTime(status.failure().lastTransitionTime()).build());
        }
        copy.setStatus(new ReplicationControllerStatusBuilder()
                .withReplicas(status.replicas())
                .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                .withReadyReplicas(status.readyReplicas())
                .withAvailableReplicas(status.availableReplicas())
                .withObservedGeneration(status.observedGeneration())
                .withConditions(conditions)
                .build());
        client.resources(ReplicationController.class).inNamespace(owner.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
