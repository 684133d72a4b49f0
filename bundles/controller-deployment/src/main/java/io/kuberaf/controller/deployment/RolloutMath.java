package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/** Kubernetes' rolling-update numbers: maxSurge rounds up, maxUnavailable rounds down, never both 0. */
final class RolloutMath {

    private RolloutMath() {
    }

    static int replicas(Deployment d) {
        Integer replicas = d.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType());
    }

    static int maxSurge(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
    }

    /** maxUnavailable, at most the replica count; 0 for Recreate. */
    static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas(d));
    }

    /** {maxSurge, maxUnavailable} resolved against the replica count. */
    private static int[] fenceposts(Deployment d) {
        RollingUpdateDeployment rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surgeValue = rolling == null || rolling.getMaxSurge() == null ? new IntOrString("25%") : rolling.getMaxSurge();
        IntOrString unavailableValue = rolling == null || rolling.getMaxUnavailable() == null
                ? new IntOrString("25%") : rolling.getMaxUnavailable();
        int surge = scaled(surgeValue, replicas(d), true);
        int unavailable = scaled(unavailableValue, replicas(d), false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;   // a rollout must be able to make progress
        }
        return new int[] {surge, unavailable};
    }

    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (text == null || !text.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: " + text + " (an integer or a percentage)");
        }
        long percent = Long.parseLong(text.substring(0, text.length() - 1));
        long product = percent * total;
        return (int) (roundUp ? (product + 99) / 100 : product / 100);
    }
}
