package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberaf.client.controller.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ReplicaSets a Deployment controls: its own that still match its selector, plus matching orphans
 * it adopts; its own that stopped matching are released. JSON patches guarded by uid and resourceVersion.
 */
final class ReplicaSetClaims {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetClaims.class);

    private final KubernetesClient client;

    ReplicaSetClaims(KubernetesClient client) {
        this.client = client;
    }

    List<ReplicaSet> claim(Deployment d, List<ReplicaSet> namespaceReplicaSets) {
        List<ReplicaSet> owned = new ArrayList<>();
        boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
        Boolean mayAdopt = null;
        for (ReplicaSet rs : namespaceReplicaSets) {
            Optional<OwnerReference> controller = Keys.controllerOf(rs);
            boolean matches = LabelSelectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels());
            if (controller.isPresent()) {
                if (!controller.get().getUid().equals(d.getMetadata().getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(rs);
                } else if (!deleting) {
                    release(d, rs);
                }
            } else if (matches && !deleting && rs.getMetadata().getDeletionTimestamp() == null) {
                if (mayAdopt == null) {
                    Deployment fresh = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                            .withName(d.getMetadata().getName()).get();
                    mayAdopt = fresh != null && fresh.getMetadata().getUid().equals(d.getMetadata().getUid())
                            && fresh.getMetadata().getDeletionTimestamp() == null;
                }
                if (mayAdopt) {
                    Optional.ofNullable(adopt(d, rs)).ifPresent(owned::add);
                }
            }
        }
        return owned;
    }

    private ReplicaSet adopt(Deployment d, ReplicaSet rs) {
        OwnerReference reference = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        boolean hasReferences = rs.getMetadata().getOwnerReferences() != null && !rs.getMetadata().getOwnerReferences().isEmpty();
        List<Map<String, Object>> patch = guards(rs);
        patch.add(Map.of("op", "add", "path", hasReferences ? "/metadata/ownerReferences/-" : "/metadata/ownerReferences",
                "value", hasReferences ? reference : List.of(reference)));
        ReplicaSet adopted = patch(rs, patch);
        if (adopted != null) {
            LOG.info("Deployment {} adopted replica set {}", Keys.of(d), rs.getMetadata().getName());
        }
        return adopted;
    }

    private void release(Deployment d, ReplicaSet rs) {
        List<OwnerReference> references = rs.getMetadata().getOwnerReferences();
        int index = 0;
        while (!d.getMetadata().getUid().equals(references.get(index).getUid())) {
            index++;
        }
        List<Map<String, Object>> patch = guards(rs);
        patch.add(Map.of("op", "remove", "path", "/metadata/ownerReferences/" + index));
        if (patch(rs, patch) != null) {
            LOG.info("Deployment {} released replica set {}: its labels no longer match", Keys.of(d), rs.getMetadata().getName());
        }
    }

    private static List<Map<String, Object>> guards(ReplicaSet rs) {
        List<Map<String, Object>> patch = new ArrayList<>();
        patch.add(Map.of("op", "test", "path", "/metadata/uid", "value", rs.getMetadata().getUid()));
        patch.add(Map.of("op", "test", "path", "/metadata/resourceVersion", "value", rs.getMetadata().getResourceVersion()));
        return patch;
    }

    private ReplicaSet patch(ReplicaSet rs, List<Map<String, Object>> patch) {
        try {
            return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
