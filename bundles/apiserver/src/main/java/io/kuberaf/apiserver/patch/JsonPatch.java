package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;

/** RFC 6902 JSON Patch ({@code application/json-patch+json}): add, remove, replace, move, copy, test. */
public final class JsonPatch {

    private JsonPatch() {
    }

    public static ObjectNode apply(ObjectNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("json patch must be an array of operations");
        }
        JsonNode document = target.deepCopy();
        for (JsonNode op : patch) {
            document = applyOne(document, op);
        }
        if (!document.isObject()) {
            throw ApiException.badRequest("json patch must leave an object");
        }
        return (ObjectNode) document;
    }

    private static JsonNode applyOne(JsonNode document, JsonNode op) {
        String kind = op.path("op").asText("");
        String path = required(op, "path");
        switch (kind) {
            case "add" -> {
                return add(document, path, value(op));
            }
            case "remove" -> {
                return remove(document, path);
            }
            case "replace" -> {
                get(document, path);
                return add(remove(document, path), path, value(op));
            }
            case "move" -> {
                String from = required(op, "from");
                JsonNode moved = get(document, from).deepCopy();
                return add(remove(document, from), path, moved);
            }
            case "copy" -> {
                return add(document, path, get(document, required(op, "from")).deepCopy());
            }
            case "test" -> {
                if (!get(document, path).equals(value(op))) {
                    throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
                            + "testing value " + path + " failed");
                }
                return document;
            }
            default -> throw ApiException.badRequest("Unexpected kind: " + kind);
        }
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw ApiException.badRequest("json patch operation " + op.path("op").asText() + " needs a value");
        }
        return op.get("value").deepCopy();
    }

    private static String required(JsonNode op, String field) {
        JsonNode value = op.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("json patch operation is missing '" + field + "'");
        }
        return value.asText();
    }

    static String[] tokens(String pointer) {
        if (pointer.isEmpty()) {
            return new String[0];
        }
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("json patch path must start with '/': " + pointer);
        }
        String[] parts = pointer.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
        }
        return parts;
    }

    static JsonNode get(JsonNode document, String pointer) {
        JsonNode node = document;
        for (String token : tokens(pointer)) {
            node = node.isArray() ? node.path(index(token, node.size() - 1, pointer)) : node.path(token);
            if (node.isMissingNode()) {
                throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
                        + "doc is missing path: \"" + pointer + "\"");
            }
        }
        return node;
    }

    private static JsonNode add(JsonNode document, String pointer, JsonNode value) {
        String[] tokens = tokens(pointer);
        if (tokens.length == 0) {
            return value;
        }
        JsonNode parent = parent(document, pointer, tokens);
        String last = tokens[tokens.length - 1];
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(index(last, array.size(), pointer), value);
            }
        } else {
            throw missing(pointer);
        }
        return document;
    }

    private static JsonNode remove(JsonNode document, String pointer) {
        String[] tokens = tokens(pointer);
        if (tokens.length == 0) {
            throw ApiException.badRequest("json patch cannot remove the whole document");
        }
        JsonNode parent = parent(document, pointer, tokens);
        String last = tokens[tokens.length - 1];
        if (parent.isObject() && parent.has(last)) {
            ((ObjectNode) parent).remove(last);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, pointer));
        } else {
            throw missing(pointer);
        }
        return document;
    }

    private static JsonNode parent(JsonNode document, String pointer, String[] tokens) {
        JsonNode node = document;
        for (int i = 0; i < tokens.length - 1; i++) {
            node = node.isArray() ? node.path(index(tokens[i], node.size() - 1, pointer)) : node.path(tokens[i]);
            if (node.isMissingNode()) {
                throw missing(pointer);
            }
        }
        return node;
    }

    private static int index(String token, int max, String pointer) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw missing(pointer);
            }
            return i;
        } catch (NumberFormatException e) {
            throw missing(pointer);
        }
    }

    private static ApiException missing(String pointer) {
        return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
                + "doc is missing path: \"" + pointer + "\"");
    }
}
