package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The taints a node's conditions call for, as Kubernetes' node lifecycle controller sets them:
 * Ready False or Unknown give not-ready or unreachable, both NoExecute (taint-based eviction) and
 * NoSchedule (TaintNodesByCondition); pressure conditions and spec.unschedulable give NoSchedule taints.
 * Taints with other keys are the user's and stay as they are.
 */
final class NodeTaints {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    /** Condition type (status True) to the NoSchedule taint key it calls for. */
    private static final Map<String, String> PRESSURE_TAINTS = Map.of(
            "MemoryPressure", "node.kubernetes.io/memory-pressure",
            "DiskPressure", "node.kubernetes.io/disk-pressure",
            "PIDPressure", "node.kubernetes.io/pid-pressure",
            "NetworkUnavailable", "node.kubernetes.io/network-unavailable");

    private static final Set<String> MANAGED_KEYS = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE,
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/pid-pressure", "node.kubernetes.io/network-unavailable");

    private NodeTaints() {
    }

    /**
     * The node's taints as they should be: its own taints first, then the managed ones; a managed taint
     * already present is kept as it is (its timeAdded), a new NoExecute one gets timeAdded = now.
     */
    static List<Taint> desired(Node node, Instant now) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> result = new ArrayList<>();
        for (Taint taint : current) {
            if (!MANAGED_KEYS.contains(taint.getKey())) {
                result.add(taint);
            }
        }
        for (String keyAndEffect : managedKeysAndEffects(node)) {
            String[] parts = keyAndEffect.split(":");
            result.add(current.stream()
                    .filter(t -> parts[0].equals(t.getKey()) && parts[1].equals(t.getEffect()))
                    .findFirst()
                    .orElseGet(() -> new TaintBuilder().withKey(parts[0]).withEffect(parts[1])
                            .withTimeAdded(NO_EXECUTE.equals(parts[1]) ? Times.format(now) : null)
                            .build()));
        }
        return result;
    }

    /** True when both lists hold the same taints (key, value, effect), in any order. */
    static boolean same(List<Taint> a, List<Taint> b) {
        return identities(a).equals(identities(b));
    }

    private static Set<String> identities(List<Taint> taints) {
        Set<String> result = new LinkedHashSet<>();
        if (taints != null) {
            taints.forEach(t -> result.add(t.getKey() + "=" + Objects.toString(t.getValue(), "") + ":" + t.getEffect()));
        }
        return result;
    }

    private static List<String> managedKeysAndEffects(Node node) {
        List<String> wanted = new ArrayList<>();
        NodeCondition ready = NodeConditions.find(node, NodeConditions.READY);
        if (ready != null && NodeConditions.FALSE.equals(ready.getStatus())) {
            wanted.add(NOT_READY + ":" + NO_EXECUTE);
            wanted.add(NOT_READY + ":" + NO_SCHEDULE);
        } else if (ready != null && !NodeConditions.TRUE.equals(ready.getStatus())) {
            wanted.add(UNREACHABLE + ":" + NO_EXECUTE);
            wanted.add(UNREACHABLE + ":" + NO_SCHEDULE);
        }
        PRESSURE_TAINTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            NodeCondition condition = NodeConditions.find(node, entry.getKey());
            if (condition != null && NodeConditions.TRUE.equals(condition.getStatus())) {
                wanted.add(entry.getValue() + ":" + NO_SCHEDULE);
            }
        });
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(UNSCHEDULABLE + ":" + NO_SCHEDULE);
        }
        return wanted;
    }
}
