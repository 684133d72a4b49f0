package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Matching of labels against a metav1 LabelSelector (matchLabels and matchExpressions). */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** True when the selector has no requirement at all (it would select everything). */
    static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /** Whether {@code labels} satisfy every requirement; an empty selector matches nothing here. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (isEmpty(selector)) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return matchesLabels(selector.getMatchLabels(), actual)
                && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(requirement -> matches(requirement, actual)));
    }

    /** Whether {@code labels} contain every key/value of {@code required} (a map selector, as in a ReplicationController). */
    static boolean matchesLabels(Map<String, String> required, Map<String, String> labels) {
        if (required == null) {
            return true;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return required.entrySet().stream().allMatch(entry -> entry.getValue().equals(actual.get(entry.getKey())));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> false;
        };
    }
}
