package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Status;

/**
 * Nodes that are cordoned (spec.unschedulable, unless the pod tolerates node.kubernetes.io/unschedulable)
 * or whose Ready condition is not True. Kubernetes leaves the second to a not-ready taint the node
 * lifecycle controller adds; checking the condition here keeps pods off nodes before that taint exists.
 */
public final class NodeUnschedulable implements FilterPlugin {

    static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
    static final String REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    static final String REASON_NOT_READY = "node(s) were not ready";

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (!isReady(node)) {
            return Status.unresolvable(REASON_NOT_READY);
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && !TaintToleration.tolerates(pod.pod().getSpec().getTolerations(),
                        new Taint("NoSchedule", UNSCHEDULABLE_TAINT, null, null))) {
            return Status.unresolvable(REASON_UNSCHEDULABLE);
        }
        return Status.SUCCESS;
    }

    static boolean isReady(Node node) {
        if (node.getStatus() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }
}
