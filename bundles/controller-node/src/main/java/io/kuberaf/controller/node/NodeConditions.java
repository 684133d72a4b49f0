package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Node conditions, and setting the kubelet's conditions to Unknown when it stopped posting status. */
final class NodeConditions {

    static final String READY = "Ready";
    static final String TRUE = "True";
    static final String FALSE = "False";
    static final String UNKNOWN = "Unknown";

    /** The conditions the kubelet posts and this controller sets to Unknown when the kubelet is gone. */
    static final List<String> KUBELET_CONDITIONS = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeConditions() {
    }

    static NodeCondition find(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** The Ready condition's status: True, False or Unknown (also when the node has none yet). */
    static String readyStatus(Node node) {
        NodeCondition ready = find(node, READY);
        return ready == null || ready.getStatus() == null ? UNKNOWN : ready.getStatus();
    }

    /**
     * Sets every kubelet condition of {@code node} (a copy the caller owns) to Unknown; true when anything
     * changed. Conditions the kubelet never posted are added as Unknown with reason NodeStatusNeverUpdated.
     */
    static boolean markUnknown(Node node, Instant now) {
        if (node.getStatus().getConditions() == null) {
            node.getStatus().setConditions(new ArrayList<>());
        }
        boolean changed = false;
        String nowText = Times.format(now);
        for (String type : KUBELET_CONDITIONS) {
            NodeCondition condition = find(node, type);
            if (condition == null) {
                node.getStatus().getConditions().add(new NodeConditionBuilder()
                        .withType(type).withStatus(UNKNOWN)
                        .withReason("NodeStatusNeverUpdated").withMessage("Kubelet never posted node status.")
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(nowText)
                        .build());
                changed = true;
            } else if (!UNKNOWN.equals(condition.getStatus())) {
                condition.setStatus(UNKNOWN);
                condition.setReason("NodeStatusUnknown");
                condition.setMessage("Kubelet stopped posting node status.");
                condition.setLastTransitionTime(nowText);
                changed = true;
            }
        }
        return changed;
    }
}
