package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What an apply drops: the fields (in the {@code FieldsV1} form of {@code metadata.managedFields})
 * the applier owned and no longer applies, unless another manager owns them. The field sets
 * themselves are {@link FieldPaths}.
 */
final class ManagedFields {

    private ManagedFields() {
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
