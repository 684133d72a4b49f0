package io.kuberaf.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code fieldSelector}: {@code field=value}, {@code field==value}, {@code field!=value}
 * joined by commas, over the fields kube-apiserver supports for each kind.
 */
public final class FieldSelector {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");

    /** The selectable fields beyond metadata.name and metadata.namespace, by kind. */
    private static final Map<String, Set<String>> BY_KIND = Map.of(
            "Pod", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "Event", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            "Secret", Set.of("type"),
            "Node", Set.of("spec.unschedulable"),
            "Namespace", Set.of("status.phase"),
            "ReplicationController", Set.of("status.replicas"),
            "ReplicaSet", Set.of("status.replicas"),
            "Job", Set.of("status.successful"));

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    record Term(String field, boolean equals, String value) {
    }

    public static FieldSelector parse(String text, ResourceType type) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",")) {
            String term = raw.trim();
            int ne = term.indexOf("!=");
            int eq = term.indexOf('=');
            if (ne < 0 && eq < 0) {
                throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }
            boolean equals = ne < 0;
            String field = term.substring(0, equals ? eq : ne).trim();
            String value = term.substring(equals ? (term.startsWith("==", eq) ? eq + 2 : eq + 1) : ne + 2).trim();
            if (!COMMON.contains(field) && !BY_KIND.getOrDefault(type.kind(), Set.of()).contains(field)) {
                throw ApiException.badRequest("\"" + field + "\" is not a known field selector: only \""
                        + String.join("\", \"", supported(type)) + "\"");
            }
            terms.add(new Term(field, equals, value));
        }
        return new FieldSelector(List.copyOf(terms));
    }

    public boolean matches(ObjectNode object) {
        for (Term term : terms) {
            String actual = valueOf(object, term.field());
            if (term.equals() != actual.equals(term.value())) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** The value of {@code metadata.name} this selector requires, or null. */
    public String requiredName() {
        return terms.stream().filter(t -> t.equals() && t.field().equals("metadata.name")).map(Term::value)
                .findFirst().orElse(null);
    }

    static String valueOf(ObjectNode object, String path) {
        JsonNode node = object;
        if (path.equals("source") && object.has("source")) {
            node = object.path("source").path("component");
            return node.isMissingNode() || node.isNull() ? "" : node.asText();
        }
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return path.equals("spec.unschedulable") || path.equals("spec.hostNetwork") ? "false" : "";
        }
        return node.asText();
    }

    private static List<String> supported(ResourceType type) {
        List<String> fields = new ArrayList<>(List.of("metadata.name", "metadata.namespace"));
        fields.addAll(BY_KIND.getOrDefault(type.kind(), Set.of()).stream().sorted().toList());
        return fields;
    }
}
