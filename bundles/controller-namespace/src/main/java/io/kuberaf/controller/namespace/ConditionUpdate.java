package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status conditions Kubernetes' namespace deleter keeps on a terminating namespace: each of the
 * five types is True with what went wrong, or False with its "all is well" reason and message.
 */
final class ConditionUpdate {

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private static final List<String> TYPES = List.of(DISCOVERY_FAILURE, GROUP_VERSION_PARSING_FAILURE, CONTENT_FAILURE,
            CONTENT_REMAINING, FINALIZERS_REMAINING);
    private static final Map<String, String[]> OK = Map.of(
            DISCOVERY_FAILURE, new String[] {"ResourcesDiscovered", "All resources successfully discovered"},
            GROUP_VERSION_PARSING_FAILURE, new String[] {"ParsedGroupVersions", "All legacy kube types successfully parsed"},
            CONTENT_FAILURE, new String[] {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
            CONTENT_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"},
            FINALIZERS_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"});

    private final Map<String, NamespaceCondition> failing = new TreeMap<>();
    private final List<String> deleteErrors = new ArrayList<>();
    private final Map<String, Integer> remainingByResource = new TreeMap<>();
    private final Map<String, Integer> remainingByFinalizer = new TreeMap<>();

    void discoveryFailed(List<String> failedGroups) {
        fail(DISCOVERY_FAILURE, "DiscoveryFailed", "Discovery failed for some groups, " + failedGroups.size()
                + " failing: unable to retrieve the complete list of server APIs: " + String.join(", ", failedGroups));
    }

    void deleteFailed(String error) {
        deleteErrors.add(error);
    }

    void remaining(String qualifiedResource, int count, List<String> finalizers) {
        remainingByResource.merge(qualifiedResource, count, Integer::sum);
        finalizers.forEach(finalizer -> remainingByFinalizer.merge(finalizer, 1, Integer::sum));
    }

    boolean contentRemains() {
        return !remainingByResource.isEmpty();
    }

    boolean hadErrors() {
        return !deleteErrors.isEmpty() || failing.containsKey(DISCOVERY_FAILURE);
    }

    /** Applies the outcome to {@code current} (changed in place); true when anything changed. */
    boolean applyTo(List<NamespaceCondition> current) {
        summarize();
        boolean changed = false;
        for (String type : TYPES) {
            NamespaceCondition wanted = failing.getOrDefault(type, condition(type, "False", OK.get(type)[0], OK.get(type)[1]));
            NamespaceCondition existing = current.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
            if (existing == null) {
                current.add(wanted);
                changed = true;
            } else if (!Objects.equals(existing.getStatus(), wanted.getStatus())
                    || !Objects.equals(existing.getReason(), wanted.getReason())
                    || !Objects.equals(existing.getMessage(), wanted.getMessage())) {
                if (!Objects.equals(existing.getStatus(), wanted.getStatus())) {
                    existing.setLastTransitionTime(now());
                }
                existing.setStatus(wanted.getStatus());
                existing.setReason(wanted.getReason());
                existing.setMessage(wanted.getMessage());
                changed = true;
            }
        }
        return changed;
    }

    private void summarize() {
        if (!deleteErrors.isEmpty()) {
            List<String> sorted = deleteErrors.stream().sorted().toList();
            fail(CONTENT_FAILURE, "ContentDeletionFailed", "Failed to delete all resource types, " + sorted.size()
                    + " remaining: " + String.join(", ", sorted));
        }
        if (!remainingByResource.isEmpty()) {
            List<String> parts = new ArrayList<>();
            remainingByResource.forEach((resource, n) -> parts.add(resource + " has " + n + " resource instances"));
            fail(CONTENT_REMAINING, "SomeResourcesRemain", "Some resources are remaining: " + String.join(", ", parts));
        }
        if (!remainingByFinalizer.isEmpty()) {
            List<String> parts = new ArrayList<>();
            remainingByFinalizer.forEach((finalizer, n) -> parts.add(finalizer + " in " + n + " resource instances"));
            fail(FINALIZERS_REMAINING, "SomeFinalizerRemain", "Some finalizers are remaining: " + String.join(", ", parts));
        }
    }

    private void fail(String type, String reason, String message) {
        failing.put(type, condition(type, "True", reason, message));
    }

    private static NamespaceCondition condition(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now()).build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
