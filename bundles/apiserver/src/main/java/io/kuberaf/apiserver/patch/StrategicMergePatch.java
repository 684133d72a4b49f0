package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.openapi.FieldTags;
import io.kuberaf.apiserver.openapi.PatchMeta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch ({@code application/strategic-merge-patch+json}), written from
 * the semantics of apimachinery's strategicpatch package: objects merge key by key and null
 * deletes; lists whose field has the "merge" strategy merge element by element (by the merge key
 * for lists of objects, as a set for lists of scalars), all other lists are replaced; and the
 * directives {@code $patch: replace|delete|merge}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>}.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {
    }

    /** The original with the patch applied; neither argument is modified. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, PatchMeta meta) {
        return mergeMap(original.deepCopy(), patch, meta);
    }

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchMeta meta) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    ObjectNode replacement = patch.deepCopy();
                    replacement.remove(DIRECTIVE);
                    return mergeMap(NODES.objectNode(), replacement, meta);
                }
                case "delete" -> {
                    return NODES.objectNode();
                }
                case "merge" -> {
                    // the default for maps
                }
                default -> throw bad("unknown patch type: \"" + directive.asText() + "\" in map: " + patch);
            }
        }
        JsonNode retainKeys = patch.get(RETAIN_KEYS);
        if (retainKeys != null) {
            retainKeys(original, patch, retainKeys);
        }
        Map<String, ArrayNode> listsBefore = new HashMap<>();
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), patch.get(key));
            } else if (key.startsWith(SET_ELEMENT_ORDER)) {
                String field = key.substring(SET_ELEMENT_ORDER.length());
                if (original.get(field) instanceof ArrayNode list) {
                    listsBefore.put(field, list.deepCopy());
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.startsWith("$")) {
                continue;
            }
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode current = original.get(key);
            FieldTags.Tag tag = meta.tag(key);
            PatchMeta child = meta.field(key);
            if (current == null || current.isNull()) {
                original.set(key, fresh(value, child, tag));
            } else if (tag.replaces()) {
                original.set(key, value.deepCopy());
            } else if (current.isObject() && value.isObject()) {
                original.set(key, mergeMap((ObjectNode) current, (ObjectNode) value, child));
            } else if (current.isArray() && value.isArray()) {
                original.set(key, mergeList((ArrayNode) current, (ArrayNode) value, child.items(), tag));
            } else {
                original.set(key, fresh(value, child, tag));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith(SET_ELEMENT_ORDER)) {
                String field = entry.getKey().substring(SET_ELEMENT_ORDER.length());
                if (!entry.getValue().isArray()) {
                    throw bad("invalid $setElementOrder list for " + field + ": must be a list");
                }
                if (original.get(field) instanceof ArrayNode merged) {
                    ArrayNode before = listsBefore.getOrDefault(field, NODES.arrayNode());
                    original.set(field, order(merged, (ArrayNode) entry.getValue(), before, meta.tag(field).mergeKey()));
                }
            }
        }
        return original;
    }

    /** A patch value for a key the original lacks: directives applied against nothing, nulls dropped. */
    private static JsonNode fresh(JsonNode value, PatchMeta meta, FieldTags.Tag tag) {
        if (value.isObject()) {
            return mergeMap(NODES.objectNode(), (ObjectNode) value, meta);
        }
        if (value.isArray() && tag.merges()) {
            return mergeList(NODES.arrayNode(), (ArrayNode) value, meta.items(), tag);
        }
        return value.deepCopy();
    }

    private static void retainKeys(ObjectNode original, ObjectNode patch, JsonNode retainKeys) {
        if (!retainKeys.isArray()) {
            throw bad("invalid patch: $retainKeys must be a list of strings");
        }
        Set<String> keep = new HashSet<>();
        retainKeys.forEach(k -> keep.add(k.asText()));
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith("$") && !keep.contains(key)) {
                throw bad("The $retainKeys list does not contain all the keys of the patch: \"" + key + "\" is missing");
            }
        }
        List<String> drop = new ArrayList<>();
        original.fieldNames().forEachRemaining(k -> {
            if (!keep.contains(k)) {
                drop.add(k);
            }
        });
        original.remove(drop);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
        if (!values.isArray()) {
            throw bad("invalid patch: " + DELETE_FROM_PRIMITIVE_LIST + field + " must be a list");
        }
        if (original.get(field) instanceof ArrayNode list) {
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                JsonNode element = it.next();
                for (JsonNode value : values) {
                    if (element.equals(value)) {
                        it.remove();
                        break;
                    }
                }
            }
        }
    }

    // ---- lists ----

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, PatchMeta items, FieldTags.Tag tag) {
        if (!tag.merges()) {
            return patch.deepCopy();
        }
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean maps = false;
        for (JsonNode element : original) {
            maps |= element.isObject();
        }
        for (JsonNode element : patch) {
            maps |= element.isObject();
        }
        if (!maps) {
            ArrayNode merged = original.deepCopy();
            for (JsonNode element : patch) {
                if (!contains(merged, element)) {
                    merged.add(element.deepCopy());
                }
            }
            return order(merged, patch, original, null);
        }
        String mergeKey = tag.mergeKey();
        if (mergeKey == null) {
            throw bad("cannot merge lists without merge key");
        }
        ArrayNode base = original.deepCopy();
        ArrayNode elements = NODES.arrayNode();
        boolean replace = false;
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                throw bad("invalid patch: a list of objects has an element that is not an object: " + element);
            }
            JsonNode directive = element.get(DIRECTIVE);
            if (directive == null) {
                elements.add(element);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    JsonNode key = element.get(mergeKey);
                    if (key == null) {
                        throw bad("map: " + element + " does not contain declared merge key: " + mergeKey);
                    }
                    for (Iterator<JsonNode> it = base.elements(); it.hasNext(); ) {
                        if (key.equals(it.next().get(mergeKey))) {
                            it.remove();
                        }
                    }
                }
                case "replace" -> replace = true;
                case "merge" -> throw bad("merging lists cannot yet be specified in the patch");
                default -> throw bad("unknown patch type: \"" + directive.asText() + "\" in map: " + element);
            }
        }
        if (replace) {
            ArrayNode replaced = NODES.arrayNode();
            elements.forEach(e -> replaced.add(mergeMap(NODES.objectNode(), (ObjectNode) e, items)));
            return replaced;
        }
        for (JsonNode element : elements) {
            JsonNode key = element.get(mergeKey);
            if (key == null) {
                throw bad("map: " + element + " does not contain declared merge key: " + mergeKey);
            }
            int found = indexOf(base, element, mergeKey);
            if (found >= 0) {
                base.set(found, mergeMap((ObjectNode) base.get(found), (ObjectNode) element, items));
            } else {
                base.add(mergeMap(NODES.objectNode(), (ObjectNode) element, items));
            }
        }
        return order(base, elements, original, mergeKey);
    }

    /**
     * Orders a merged list as Kubernetes does: the elements named by {@code patchOrder} in its order,
     * the others (only on the server) in their original order, interleaved where both orders agree.
     */
    static ArrayNode order(ArrayNode merged, ArrayNode patchOrder, ArrayNode serverOrder, String mergeKey) {
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode element : merged) {
            (indexOf(patchOrder, element, mergeKey) >= 0 ? patchItems : serverOnly).add(element);
        }
        sortBy(patchItems, patchOrder, mergeKey);
        sortBy(serverOnly, serverOrder, mergeKey);
        ArrayNode result = NODES.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patchItems.size()) {
            if (j >= patchItems.size()) {
                result.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                result.add(patchItems.get(j++));
            } else {
                int left = indexOf(serverOrder, serverOnly.get(i), mergeKey);
                int right = indexOf(serverOrder, patchItems.get(j), mergeKey);
                if (left >= 0 && right >= 0 && left < right) {
                    result.add(serverOnly.get(i++));
                } else {
                    result.add(patchItems.get(j++));
                }
            }
        }
        return result;
    }

    private static void sortBy(List<JsonNode> items, ArrayNode order, String mergeKey) {
        List<JsonNode> found = new ArrayList<>();
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode item : items) {
            (indexOf(order, item, mergeKey) >= 0 ? found : missing).add(item);
        }
        found.sort((a, b) -> Integer.compare(indexOf(order, a, mergeKey), indexOf(order, b, mergeKey)));
        items.clear();
        items.addAll(found);
        items.addAll(missing);
    }

    private static int indexOf(ArrayNode list, JsonNode element, String mergeKey) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = list.get(i);
            if (mergeKey == null ? candidate.equals(element)
                    : element.has(mergeKey) && element.get(mergeKey).equals(candidate.get(mergeKey))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode element) {
        return indexOf(list, element, null) >= 0;
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest(message);
    }
}
