package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Whether a pod's tolerations tolerate a taint, and for how long. */
final class Tolerations {

    /** How long a pod may stay on a node with a taint: not at all, for a while, or for ever. */
    record Allowance(Duration duration) {
        static final Allowance NONE = new Allowance(Duration.ZERO);
        static final Allowance FOREVER = new Allowance(null);

        boolean forever() {
            return duration == null;
        }
    }

    private Tolerations() {
    }

    /** Kubernetes' ToleratesTaint: effect (empty matches all), key (empty with Exists matches all), value. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = isEmpty(toleration.getOperator()) ? "Equal" : toleration.getOperator();
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
            default -> false;
        };
    }

    /**
     * How long the pod may stay with the taint: NONE when no toleration matches; otherwise the most
     * generous matching toleration (no tolerationSeconds: for ever; zero or negative: not at all).
     */
    static Allowance allowance(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return Allowance.NONE;
        }
        Optional<Allowance> best = Optional.empty();
        for (Toleration toleration : tolerations) {
            if (!tolerates(toleration, taint)) {
                continue;
            }
            if (toleration.getTolerationSeconds() == null) {
                return Allowance.FOREVER;
            }
            Allowance candidate = new Allowance(Duration.ofSeconds(Math.max(0, toleration.getTolerationSeconds())));
            if (best.isEmpty() || candidate.duration().compareTo(best.get().duration()) > 0) {
                best = Optional.of(candidate);
            }
        }
        return best.orElse(Allowance.NONE);
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static String emptyIfNull(String text) {
        return text == null ? "" : text;
    }
}
