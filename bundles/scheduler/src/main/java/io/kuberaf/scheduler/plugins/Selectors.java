package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.List;
import java.util.Map;

/** Node selector terms and label selectors, evaluated as the Kubernetes API defines them. */
final class Selectors {

    private Selectors() {
    }

    /** True if any term matches (terms are ORed; a term with no requirements matches nothing). */
    static boolean anyTermMatches(List<NodeSelectorTerm> terms, Node node) {
        for (NodeSelectorTerm term : terms) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** Requirements within a term are ANDed; matchFields supports metadata.name only, as Kubernetes. */
    static boolean termMatches(NodeSelectorTerm term, Node node) {
        if (term.getMatchExpressions().isEmpty() && term.getMatchFields().isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
            if (!requirementMatches(requirement, labels)) {
                return false;
            }
        }
        Map<String, String> fields = Map.of("metadata.name", node.getMetadata().getName());
        for (NodeSelectorRequirement requirement : term.getMatchFields()) {
            if (!requirementMatches(requirement, fields)) {
                return false;
            }
        }
        return true;
    }

    static boolean requirementMatches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compares(value, values, 1);
            case "Lt" -> compares(value, values, -1);
            default -> false;
        };
    }

    private static boolean compares(String value, List<String> values, int sign) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            return Long.signum(Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)))) == sign;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A label selector: null matches nothing, an empty one everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = actual.get(requirement.getKey());
            List<String> values = requirement.getValues();
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
