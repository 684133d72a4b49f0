package io.kuberaf.client.objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorsTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

    @Test
    void nullMatchesNothingAndEmptyEverythingExceptForControllers() {
        LabelSelector empty = new LabelSelector();
        assertFalse(LabelSelectors.matches(null, WEB));
        assertTrue(LabelSelectors.matches(empty, WEB));
        assertTrue(LabelSelectors.isEmpty(empty));
        assertFalse(LabelSelectors.matchesNonEmpty(empty, WEB));
        assertFalse(LabelSelectors.matchesNonEmpty(null, WEB));
    }

    @Test
    void matchLabelsNeedEveryPair() {
        LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        assertTrue(LabelSelectors.matchesNonEmpty(selector, WEB));
        assertFalse(LabelSelectors.matches(selector, Map.of("app", "db")));
        assertFalse(LabelSelectors.matches(selector, null));
        LabelSelector two = new LabelSelectorBuilder().addToMatchLabels("app", "web").addToMatchLabels("tier", "back").build();
        assertFalse(LabelSelectors.matches(two, WEB));
    }

    @Test
    void matchExpressionsInNotInExistsDoesNotExist() {
        assertTrue(LabelSelectors.matches(expression("tier", "In", "front", "back"), WEB));
        assertFalse(LabelSelectors.matches(expression("tier", "In", "back"), WEB));
        assertFalse(LabelSelectors.matches(expression("zone", "In", "a"), WEB));
        assertTrue(LabelSelectors.matches(expression("tier", "NotIn", "back"), WEB));
        assertTrue(LabelSelectors.matches(expression("zone", "NotIn", "a"), WEB));
        assertFalse(LabelSelectors.matches(expression("tier", "NotIn", "front"), WEB));
        assertTrue(LabelSelectors.matches(expression("app", "Exists"), WEB));
        assertFalse(LabelSelectors.matches(expression("zone", "Exists"), WEB));
        assertTrue(LabelSelectors.matches(expression("zone", "DoesNotExist"), WEB));
        assertFalse(LabelSelectors.matches(expression("app", "DoesNotExist"), WEB));
        assertFalse(LabelSelectors.matches(expression("app", "Gt", "1"), WEB), "not a label selector operator");
    }

    @Test
    void labelsAndExpressionsAreAnded() {
        LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("back").endMatchExpression().build();
        assertFalse(LabelSelectors.matches(selector, WEB));
        assertTrue(LabelSelectors.matches(selector, Map.of("app", "web", "tier", "back")));
    }

    @Test
    void mapSelectorsAsReplicationControllersAndServicesUseThem() {
        assertTrue(LabelSelectors.matchesLabels(Map.of("app", "web"), WEB));
        assertFalse(LabelSelectors.matchesLabels(Map.of("app", "web", "zone", "a"), WEB));
        assertTrue(LabelSelectors.matchesLabels(null, WEB));
        assertFalse(LabelSelectors.matchesLabels(Map.of("app", "web"), null));
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }
}
