package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.openapi.FieldTags;
import io.kuberaf.apiserver.openapi.PatchMeta;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field sets in the {@code FieldsV1} form of {@code metadata.managedFields}: {@code f:<field>} for
 * object fields, {@code k:{"name":"x"}} for elements of lists merged by key, {@code v:<value>} for
 * elements of sets, {@code .} for an element or map owned as a whole, {@code {}} for a leaf.
 */
final class ManagedFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ManagedFields() {
    }

    /** The fields an applied configuration sets (apiVersion, kind, name and namespace excepted, as in Kubernetes). */
    static ObjectNode of(ObjectNode config, PatchMeta meta) {
        ObjectNode fields = object(config, meta, true);
        JsonNode metadata = fields.get("f:metadata");
        if (metadata instanceof ObjectNode m) {
            m.remove(List.of("f:name", "f:namespace", "f:resourceVersion", "f:managedFields"));
            if (m.isEmpty()) {
                fields.remove("f:metadata");
            }
        }
        return fields;
    }

    private static ObjectNode object(JsonNode node, PatchMeta meta, boolean top) {
        ObjectNode fields = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("$") || (top && (key.equals("apiVersion") || key.equals("kind")))) {
                continue;
            }
            fields.set("f:" + key, value(entry.getValue(), meta.field(key), meta.tag(key)));
        }
        return fields;
    }

    private static ObjectNode value(JsonNode value, PatchMeta meta, FieldTags.Tag tag) {
        if (value.isObject() && !value.isEmpty() && (meta.isStruct() || meta.isMap() || !meta.known())) {
            ObjectNode fields = object(value, meta, false);
            if (meta.isMap()) {
                fields.set(".", NODES.objectNode());
            }
            return fields;
        }
        if (value.isArray() && tag.merges()) {
            ObjectNode fields = NODES.objectNode();
            List<String> keys = !tag.listMapKeys().isEmpty() ? tag.listMapKeys()
                    : tag.mergeKey() == null ? List.of() : List.of(tag.mergeKey());
            for (JsonNode element : value) {
                if (element.isObject() && !keys.isEmpty()) {
                    Map<String, JsonNode> key = new TreeMap<>();
                    for (String k : keys) {
                        if (element.has(k)) {
                            key.put(k, element.get(k));
                        }
                    }
                    ObjectNode elementFields = object(element, meta.items(), false);
                    elementFields.set(".", NODES.objectNode());
                    fields.set("k:" + json(key), elementFields);
                } else if (!element.isObject()) {
                    fields.set("v:" + element, NODES.objectNode());
                }
            }
            return fields;
        }
        return NODES.objectNode();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes from {@code object} what {@code before} owned and {@code after} no longer does, unless one of
     * {@code others} (the field sets of other managers) owns it too.
     */
    static void removeDropped(JsonNode object, JsonNode before, JsonNode after, List<JsonNode> others) {
        if (before == null || !before.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.equals(".")) {
                continue;
            }
            JsonNode stillOwned = after == null ? null : after.get(key);
            List<JsonNode> otherChildren = new ArrayList<>();
            for (JsonNode other : others) {
                if (other != null && other.has(key)) {
                    otherChildren.add(other.get(key));
                }
            }
            JsonNode target = locate(object, key);
            if (target == null) {
                continue;
            }
            if (stillOwned == null && otherChildren.isEmpty()) {
                remove(object, key);
            } else {
                removeDropped(target, entry.getValue(), stillOwned, otherChildren);
            }
        }
    }

    private static JsonNode locate(JsonNode object, String key) {
        if (key.startsWith("f:")) {
            return object.isObject() ? object.get(key.substring(2)) : null;
        }
        int index = elementIndex(object, key);
        return index < 0 ? null : object.get(index);
    }

    private static void remove(JsonNode object, String key) {
        if (key.startsWith("f:") && object instanceof ObjectNode o) {
            o.remove(key.substring(2));
        } else if (object instanceof ArrayNode array) {
            int index = elementIndex(array, key);
            if (index >= 0) {
                array.remove(index);
            }
        }
    }

    private static int elementIndex(JsonNode list, String key) {
        if (!list.isArray() || key.length() < 2) {
            return -1;
        }
        JsonNode wanted;
        try {
            wanted = Json.MAPPER.readTree(key.substring(2));
        } catch (IOException e) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            if (key.startsWith("v:") && element.equals(wanted)) {
                return i;
            }
            if (key.startsWith("k:") && element.isObject() && matches(element, wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(JsonNode element, JsonNode key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().equals(element.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
