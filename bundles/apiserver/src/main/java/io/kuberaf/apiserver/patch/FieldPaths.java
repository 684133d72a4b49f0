package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.FieldTags;
import io.kuberaf.apiserver.openapi.PatchMeta;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Field sets as sets of paths, each path a list of {@code FieldsV1} elements ({@code f:spec},
 * {@code k:{"name":"web"}}, {@code v:"x"}), with the conversions from and to the {@code FieldsV1}
 * tree. A path is a member of a set when the tree has {@code {}} at its end or a {@code .} under
 * it; the paths of an object are its leaves (with their values) plus its maps and the elements of
 * its keyed lists (owned as wholes, the {@code .} entries).
 */
final class FieldPaths {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The value recorded for maps and list elements: their presence, not their content, is the member. */
    static final JsonNode WHOLE = NullNode.getInstance();
    /** metadata fields the server owns: never in a manager's set (as Kubernetes strips them). */
    private static final Set<String> SERVER_METADATA = Set.of("f:name", "f:namespace", "f:resourceVersion",
            "f:managedFields", "f:uid", "f:creationTimestamp", "f:generation", "f:selfLink", "f:deletionTimestamp",
            "f:deletionGracePeriodSeconds");

    private FieldPaths() {
    }

    /** The member paths of an object and their values (apiVersion, kind and server-owned metadata excepted). */
    static Map<List<String>, JsonNode> of(JsonNode object, PatchMeta meta) {
        return of(object, meta, null);
    }

    /**
     * The member paths of an applied configuration, the keys of its list elements completed from the
     * matching elements of {@code reference} (the object after the apply and its defaults: a port
     * applied as {@code containerPort: 80} is {@code k:{"containerPort":80,"protocol":"TCP"}}, as in
     * Kubernetes, where the configuration is defaulted first).
     */
    static Map<List<String>, JsonNode> of(JsonNode object, PatchMeta meta, JsonNode reference) {
        Map<List<String>, JsonNode> paths = new LinkedHashMap<>();
        walkObject(object, reference, meta, new ArrayList<>(), paths, true);
        paths.keySet().removeIf(path -> path.size() >= 2 && path.get(0).equals("f:metadata")
                && SERVER_METADATA.contains(path.get(1)));
        return paths;
    }

    private static void walkObject(JsonNode node, JsonNode ref, PatchMeta meta, List<String> prefix,
                                   Map<List<String>, JsonNode> out, boolean top) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("$") || (top && (key.equals("apiVersion") || key.equals("kind")))) {
                continue;
            }
            walkValue(entry.getValue(), ref == null ? null : ref.get(key), meta.field(key), meta.tag(key),
                    append(prefix, "f:" + key), out);
        }
    }

    private static void walkValue(JsonNode value, JsonNode ref, PatchMeta meta, FieldTags.Tag tag, List<String> path,
                                  Map<List<String>, JsonNode> out) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isObject() && !value.isEmpty() && (meta.isStruct() || meta.isMap() || !meta.known())) {
            if (meta.isMap()) {
                out.put(path, WHOLE);
            }
            walkObject(value, ref, meta, path, out, false);
            return;
        }
        if (value.isArray() && keyed(tag)) {
            List<String> keys = keys(tag);
            for (JsonNode element : value) {
                if (element.isObject() && !keys.isEmpty()) {
                    Map<String, JsonNode> key = new TreeMap<>();
                    for (String k : keys) {
                        if (element.has(k)) {
                            key.put(k, element.get(k));
                        }
                    }
                    JsonNode refElement = matching(ref, key);
                    if (refElement != null) {
                        for (String k : keys) {
                            if (!key.containsKey(k) && refElement.has(k)) {
                                key.put(k, refElement.get(k));
                            }
                        }
                    }
                    List<String> elementPath = append(path, "k:" + json(key));
                    out.put(elementPath, WHOLE);
                    walkObject(element, refElement, meta.items(), elementPath, out, false);
                } else if (!element.isObject()) {
                    out.put(append(path, "v:" + json(element)), element);
                }
            }
            return;
        }
        out.put(path, value);
    }

    private static JsonNode matching(JsonNode list, Map<String, JsonNode> key) {
        if (list == null || !list.isArray() || key.isEmpty()) {
            return null;
        }
        for (JsonNode element : list) {
            boolean all = element.isObject();
            for (Map.Entry<String, JsonNode> k : key.entrySet()) {
                all = all && k.getValue().equals(element.get(k.getKey()));
            }
            if (all) {
                return element;
            }
        }
        return null;
    }

    private static boolean keyed(FieldTags.Tag tag) {
        return tag.merges() || "map".equals(tag.listType()) || "set".equals(tag.listType());
    }

    private static List<String> keys(FieldTags.Tag tag) {
        return !tag.listMapKeys().isEmpty() ? tag.listMapKeys() : tag.mergeKey() == null ? List.of() : List.of(tag.mergeKey());
    }

    private static List<String> append(List<String> prefix, String element) {
        List<String> path = new ArrayList<>(prefix.size() + 1);
        path.addAll(prefix);
        path.add(element);
        return List.copyOf(path);
    }

    /** The paths {@code after} adds or whose value it changes, and those it drops, relative to {@code before}. */
    static Set<List<String>> changed(Map<List<String>, JsonNode> before, Map<List<String>, JsonNode> after) {
        Set<List<String>> changed = new LinkedHashSet<>();
        after.forEach((path, value) -> {
            JsonNode old = before.get(path);
            if (old == null ? !before.containsKey(path) : !old.equals(value)) {
                changed.add(path);
            }
        });
        for (List<String> path : before.keySet()) {
            if (!after.containsKey(path)) {
                changed.add(path);
            }
        }
        return changed;
    }

    /** The member paths of a {@code FieldsV1} tree. */
    static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> paths = new LinkedHashSet<>();
        if (fields != null && fields.isObject()) {
            collect(fields, new ArrayList<>(), paths);
        }
        return paths;
    }

    private static void collect(JsonNode node, List<String> prefix, Set<List<String>> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals(".")) {
                if (!prefix.isEmpty()) {
                    out.add(List.copyOf(prefix));
                }
                continue;
            }
            List<String> path = append(prefix, entry.getKey());
            if (entry.getValue().isObject() && !entry.getValue().isEmpty()) {
                collect(entry.getValue(), path, out);
            } else {
                out.add(path);
            }
        }
    }

    /** The {@code FieldsV1} tree of a set of paths. */
    static ObjectNode toFieldsV1(Collection<List<String>> paths) {
        ObjectNode root = NODES.objectNode();
        for (List<String> path : paths) {
            ObjectNode node = root;
            for (String element : path) {
                node = node.get(element) instanceof ObjectNode child ? child : node.putObject(element);
            }
            node.putObject(".");
        }
        collapse(root);
        return root;
    }

    private static void collapse(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue() instanceof ObjectNode child && !entry.getKey().equals(".")) {
                if (child.size() == 1 && child.has(".")) {
                    child.removeAll();
                } else {
                    collapse(child);
                }
            }
        }
    }

    /** A path as Kubernetes prints it in conflicts: {@code .spec.template.spec.containers[name="web"].image}. */
    static String print(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String element : path) {
            String rest = element.substring(2);
            if (element.startsWith("f:")) {
                out.append('.').append(rest);
            } else if (element.startsWith("v:")) {
                out.append("[=").append(rest).append(']');
            } else if (element.startsWith("k:")) {
                out.append('[');
                try {
                    JsonNode key = Json.MAPPER.readTree(rest);
                    List<String> parts = new ArrayList<>();
                    key.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue()));
                    out.append(String.join(",", parts));
                } catch (IOException e) {
                    out.append(rest);
                }
                out.append(']');
            } else {
                out.append(element);
            }
        }
        return out.toString();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
