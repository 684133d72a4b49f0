package io.kuberaf.client.objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Matching of labels against a metav1 LabelSelector (matchLabels and matchExpressions) or a map selector. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** True when the selector has no requirement at all (it would select everything). */
    public static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /**
     * Whether {@code labels} satisfy every requirement, as the API defines a LabelSelector: a null selector
     * matches nothing, an empty one everything.
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return matchesLabels(selector.getMatchLabels(), actual)
                && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(requirement -> requirementMatches(requirement, actual)));
    }

    /**
     * As workload controllers use their selector: like {@link #matches} but an empty selector matches nothing
     * (it would adopt every pod of the namespace).
     */
    public static boolean matchesNonEmpty(LabelSelector selector, Map<String, String> labels) {
        return !isEmpty(selector) && matches(selector, labels);
    }

    /**
     * Whether {@code labels} contain every key/value of {@code required} (a map selector, as in a
     * ReplicationController or a Service); a null or empty map matches everything.
     */
    public static boolean matchesLabels(Map<String, String> required, Map<String, String> labels) {
        if (required == null) {
            return true;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return required.entrySet().stream().allMatch(entry -> entry.getValue().equals(actual.get(entry.getKey())));
    }

    /** One matchExpressions requirement: In, NotIn, Exists, DoesNotExist (any other operator matches nothing). */
    public static boolean requirementMatches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        String value = actual.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> actual.containsKey(requirement.getKey());
            case "DoesNotExist" -> !actual.containsKey(requirement.getKey());
            default -> false;
        };
    }
}
