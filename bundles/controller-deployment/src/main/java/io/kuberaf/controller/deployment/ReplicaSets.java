package io.kuberaf.controller.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Reading ReplicaSets as the Deployment controller needs them. */
final class ReplicaSets {

    static final String HASH_LABEL = "pod-template-hash";

    /** Oldest first; the name breaks ties. */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator
            .comparing((ReplicaSet rs) -> Objects.requireNonNullElse(rs.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(rs -> rs.getMetadata().getName());

    private ReplicaSets() {
    }

    static int replicas(ReplicaSet rs) {
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int readyReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
                ? 0 : rs.getStatus().getAvailableReplicas();
    }

    static List<ReplicaSet> active(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().filter(rs -> replicas(rs) > 0).toList();
    }

    static int sum(List<ReplicaSet> replicaSets, java.util.function.ToIntFunction<ReplicaSet> count) {
        return replicaSets.stream().filter(Objects::nonNull).mapToInt(count).sum();
    }

    /** Whether two pod templates are the same apart from the pod-template-hash label. */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        JsonNode labels = tree.path("metadata").path("labels");
        if (labels instanceof ObjectNode objectLabels) {
            objectLabels.remove(HASH_LABEL);
            if (objectLabels.isEmpty()) {
                ((ObjectNode) tree.get("metadata")).remove("labels");
            }
        }
        return tree;
    }
}
