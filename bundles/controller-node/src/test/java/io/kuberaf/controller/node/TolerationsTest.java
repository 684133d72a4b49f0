package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TolerationsTest {

    private static final Taint UNREACHABLE = new TaintBuilder()
            .withKey(NodeTaints.UNREACHABLE).withEffect(NodeTaints.NO_EXECUTE).build();

    private static Toleration toleration(String key, String operator, String value, String effect, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect)
                .withTolerationSeconds(seconds).build();
    }

    @Test
    void matchesByKeyEffectAndValue() {
        assertTrue(Tolerations.tolerates(toleration(NodeTaints.UNREACHABLE, "Exists", null, "NoExecute", null), UNREACHABLE));
        assertTrue(Tolerations.tolerates(toleration(null, "Exists", null, null, null), UNREACHABLE), "empty key + Exists tolerates all");
        assertFalse(Tolerations.tolerates(toleration(NodeTaints.UNREACHABLE, "Exists", null, "NoSchedule", null), UNREACHABLE));
        assertFalse(Tolerations.tolerates(toleration(NodeTaints.NOT_READY, "Exists", null, null, null), UNREACHABLE));
        Taint valued = new TaintBuilder().withKey("k").withValue("v").withEffect("NoExecute").build();
        assertTrue(Tolerations.tolerates(toleration("k", "Equal", "v", null, null), valued));
        assertTrue(Tolerations.tolerates(toleration("k", null, "v", null, null), valued));
        assertFalse(Tolerations.tolerates(toleration("k", "Equal", "w", null, null), valued));
    }

    @Test
    void allowanceIsTheMostGenerousMatch() {
        assertEquals(Tolerations.Allowance.NONE, Tolerations.allowance(List.of(), UNREACHABLE));
        assertEquals(Duration.ofSeconds(30), Tolerations.allowance(List.of(
                toleration(NodeTaints.UNREACHABLE, "Exists", null, "NoExecute", 10L),
                toleration(NodeTaints.UNREACHABLE, "Exists", null, null, 30L)), UNREACHABLE).duration());
        assertTrue(Tolerations.allowance(List.of(
                toleration(NodeTaints.UNREACHABLE, "Exists", null, "NoExecute", 10L),
                toleration(null, "Exists", null, null, null)), UNREACHABLE).forever());
        assertEquals(Duration.ZERO, Tolerations.allowance(List.of(
                toleration(NodeTaints.UNREACHABLE, "Exists", null, "NoExecute", -5L)), UNREACHABLE).duration());
    }
}
