package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.ScorePlugin;
import io.kuberaf.scheduler.spi.Status;

import java.util.List;

/**
 * Filter: the pod tolerates every NoSchedule and NoExecute taint of the node. Score: fewer untolerated
 * PreferNoSchedule taints is better (normalized so the node with the most scores 0).
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        List<Toleration> tolerations = pod.pod().getSpec().getTolerations();
        for (Taint taint : taints(node)) {
            boolean hard = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (hard && !tolerates(tolerations, taint)) {
                return Status.unresolvable("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}");
            }
        }
        return Status.SUCCESS;
    }

    /** kube-scheduler's default profile weight. */
    @Override
    public int weight() {
        return 3;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        List<Toleration> preferring = pod.pod().getSpec().getTolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect()))
                .toList();
        return taints(node).stream()
                .filter(taint -> "PreferNoSchedule".equals(taint.getEffect()) && !tolerates(preferring, taint))
                .count();
    }

    /** Reversed: the node with the most untolerated PreferNoSchedule taints gets 0, one with none 100. */
    @Override
    public void normalize(PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == 0 ? MAX_SCORE : MAX_SCORE - scores[i] * MAX_SCORE / max;
        }
    }

    private static List<Taint> taints(NodeInfo node) {
        return node.node().getSpec() == null ? List.of() : node.node().getSpec().getTaints();
    }

    static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /** Kubernetes' ToleratesTaint: effect (empty = all), key (empty with Exists = all), operator. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = toleration.getKey();
        if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty() ? "Equal" : toleration.getOperator();
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> (key != null && !key.isEmpty())
                    && nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
