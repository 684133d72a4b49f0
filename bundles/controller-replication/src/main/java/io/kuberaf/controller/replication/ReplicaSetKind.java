package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** apps/v1 ReplicaSet. */
final class ReplicaSetKind implements ReplicatedKind<ReplicaSet> {

    @Override
    public Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public String apiVersion() {
        return "apps/v1";
    }

    @Override
    public String controllerName() {
        return "replicaset-controller";
    }

    @Override
    public int replicas(ReplicaSet owner) {
        Integer replicas = owner.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    @Override
    public int minReadySeconds(ReplicaSet owner) {
        Integer seconds = owner.getSpec().getMinReadySeconds();
        return seconds == null ? 0 : seconds;
    }

    @Override
    public boolean selects(ReplicaSet owner, Map<String, String> labels) {
        return LabelSelectors.matches(owner.getSpec().getSelector(), labels);
    }

    @Override
    public PodTemplateSpec template(ReplicaSet owner) {
        return owner.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicaSet owner) {
        ReplicaSetStatus status = owner.getStatus();
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
    public void writeStatus(KubernetesClient client, ReplicaSet owner, ReplicaStatus status) {
        ReplicaSet copy = new ReplicaSet(owner.getApiVersion(), owner.getKind(), owner.getMetadata(), owner.getSpec(), null);
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        if (owner.getStatus() != null && owner.getStatus().getConditions() != null) {
            owner.getStatus().getConditions().stream()
                    .filter(condition -> !"ReplicaFailure".equals(condition.getType()))
                    .forEach(conditions::add);
        }
        if (status.failure() != null) {
            conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(status.failure().reason()).withMessage(status.failure().message())
                    .withLastTransitionTime(status.failure().lastTransitionTime()).build());
        }
        copy.setStatus(new ReplicaSetStatusBuilder()
                .withReplicas(status.replicas())
                .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                .withReadyReplicas(status.readyReplicas())
                .withAvailableReplicas(status.availableReplicas())
                .withObservedGeneration(status.observedGeneration())
                .withConditions(conditions)
                .build());
        client.resources(ReplicaSet.class).inNamespace(owner.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
