package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.PatchMeta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who owns which fields: the entries of {@code metadata.managedFields}, what an update (create,
 * PUT, non-apply PATCH) does to them, and the conflicts of an apply.
 *
 * <p>A manager is identified as in Kubernetes by its name, its operation, its subresource and, for
 * updates only, the apiVersion it wrote with. An update gives its manager the fields it added or
 * changed and takes them away from everyone else; fields it removed leave every set. An apply
 * gives its manager exactly the fields of its configuration; a field of the configuration whose
 * value the apply changes and that another manager owns is a conflict, unless forced, which
 * moves the field to the applier.
 */
final class FieldOwnership {

    /** One managedFields entry, its field set as paths. */
    static final class Entry {
        final ObjectNode raw;
        final Set<List<String>> fields;

        Entry(ObjectNode raw, Set<List<String>> fields) {
            this.raw = raw;
            this.fields = fields;
        }

        String manager() {
            return raw.path("manager").asText("");
        }

        String operation() {
            return raw.path("operation").asText("");
        }

        String subresource() {
            return raw.path("subresource").asText("");
        }

        boolean is(String manager, String operation, String apiVersion, String subresource) {
            return manager().equals(manager) && operation().equals(operation)
                    && subresource().equals(subresource == null ? "" : subresource)
                    && (operation.equals("Apply") || raw.path("apiVersion").asText("").equals(apiVersion));
        }

        /** As Kubernetes names the manager in a conflict: "kubectl" with subresource "scale" using apps/v1. */
        String describe() {
            StringBuilder out = new StringBuilder(quote(manager()));
            if (!subresource().isEmpty()) {
                out.append(" with subresource ").append(quote(subresource()));
            }
            if (operation().equals("Update")) {
                out.append(" using ").append(raw.path("apiVersion").asText(""));
            }
            return out.toString();
        }

        ObjectNode write() {
            raw.put("fieldsType", "FieldsV1");
            raw.set("fieldsV1", FieldPaths.toFieldsV1(fields));
            return raw;
        }
    }

    /** A field another manager owns and the apply would change. */
    record Conflict(Entry owner, List<String> path) {
    }

    private FieldOwnership() {
    }

    static List<Entry> entries(JsonNode managedFields) {
        List<Entry> entries = new ArrayList<>();
        if (managedFields != null && managedFields.isArray()) {
            for (JsonNode raw : managedFields) {
                if (raw instanceof ObjectNode object) {
                    entries.add(new Entry(object.deepCopy(), FieldPaths.fromFieldsV1(object.get("fieldsV1"))));
                }
            }
        }
        return entries;
    }

    static ArrayNode write(List<Entry> entries) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Entry entry : entries) {
            if (!entry.fields.isEmpty()) {
                array.add(entry.write());
            }
        }
        return array;
    }

    /**
     * Records an update of {@code before} (null for a create) into {@code after} by {@code manager}:
     * sets {@code after}'s managedFields. The base entries are {@code after}'s own managedFields when it
     * brings them (a PUT may reset them) and {@code before}'s otherwise.
     *
     * @param scope only paths under this first element count ("f:status" for the status subresource), or null
     * @param ignored paths under this first element do not count (the status of the main resource), or null
     */
    static void recordUpdate(ObjectNode before, ObjectNode after, PatchMeta meta, String manager, String apiVersion,
                             String subresource, String time, String scope, String ignored) {
        ObjectNode afterMeta = Json.object(after, "metadata");
        JsonNode base = afterMeta.get("managedFields");
        if (base == null || base.isNull() || (subresource != null && before != null)) {
            base = before == null ? null : before.path("metadata").get("managedFields");
        }
        List<Entry> entries = entries(base);
        Map<List<String>, JsonNode> old = before == null ? Map.of() : FieldPaths.of(before, meta);
        Map<List<String>, JsonNode> now = FieldPaths.of(after, meta);
        Set<List<String>> changed = FieldPaths.changed(old, now);
        changed.removeIf(path -> (scope != null && !path.get(0).equals(scope))
                || (ignored != null && path.get(0).equals(ignored)));
        if (changed.isEmpty()) {
            if (base == null || base.isNull()) {
                afterMeta.remove("managedFields");
            } else {
                afterMeta.set("managedFields", base.deepCopy());
            }
            return;
        }
        Entry mine = null;
        for (Entry entry : entries) {
            if (entry.is(manager, "Update", apiVersion, subresource)) {
                mine = entry;
            } else {
                entry.fields.removeAll(changed);
            }
            entry.fields.removeIf(path -> !now.containsKey(path) && !hasChild(now, path));
        }
        if (mine == null) {
            mine = new Entry(newEntry(manager, "Update", apiVersion, subresource), new LinkedHashSet<>());
            entries.add(mine);
        }
        for (List<String> path : changed) {
            if (now.containsKey(path)) {
                mine.fields.add(path);
            }
        }
        mine.raw.put("time", time);
        afterMeta.set("managedFields", write(entries));
    }

    private static boolean hasChild(Map<List<String>, JsonNode> paths, List<String> prefix) {
        for (List<String> path : paths.keySet()) {
            if (path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode newEntry(String manager, String operation, String apiVersion, String subresource) {
        ObjectNode raw = Json.MAPPER.createObjectNode();
        raw.put("manager", manager);
        raw.put("operation", operation);
        raw.put("apiVersion", apiVersion);
        raw.putNull("time");
        if (subresource != null && !subresource.isEmpty()) {
            raw.put("subresource", subresource);
        }
        return raw;
    }

    /** The fields of {@code applied} that change {@code live} and that managers other than {@code applier} own. */
    static List<Conflict> conflicts(Map<List<String>, JsonNode> live, Map<List<String>, JsonNode> merged,
                                    Set<List<String>> applied, List<Entry> others) {
        Set<List<String>> changed = FieldPaths.changed(live, merged);
        changed.retainAll(applied);
        List<Conflict> conflicts = new ArrayList<>();
        for (Entry other : others) {
            for (List<String> path : other.fields) {
                if (changed.contains(path)) {
                    conflicts.add(new Conflict(other, path));
                }
            }
        }
        conflicts.sort(Comparator.comparing((Conflict c) -> c.owner().describe()).thenComparing(c -> FieldPaths.print(c.path())));
        return conflicts;
    }

    /** The 409 Kubernetes answers a conflicting apply with. */
    static ApiException conflictError(List<Conflict> conflicts) {
        List<ApiException.Cause> causes = new ArrayList<>();
        for (Conflict conflict : conflicts) {
            causes.add(new ApiException.Cause("FieldManagerConflict", "conflict with " + conflict.owner().describe(),
                    FieldPaths.print(conflict.path())));
        }
        String message;
        if (conflicts.size() == 1) {
            Conflict only = conflicts.get(0);
            message = "Apply failed with 1 conflict: conflict with " + only.owner().describe() + ": "
                    + FieldPaths.print(only.path());
        } else {
            Map<String, List<String>> byManager = new LinkedHashMap<>();
            for (Conflict conflict : conflicts) {
                byManager.computeIfAbsent(conflict.owner().describe(), k -> new ArrayList<>())
                        .add(FieldPaths.print(conflict.path()));
            }
            List<String> lines = new ArrayList<>();
            byManager.forEach((manager, paths) -> {
                lines.add("conflicts with " + manager + ":");
                paths.forEach(path -> lines.add("- " + path));
            });
            message = "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
        }
        return new ApiException(409, "Conflict", message, null, null, null, causes);
    }

    private static String quote(String text) {
        return Json.MAPPER.getNodeFactory().textNode(Objects.requireNonNullElse(text, "")).toString();
    }
}
