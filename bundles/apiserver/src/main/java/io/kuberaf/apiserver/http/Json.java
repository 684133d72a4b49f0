package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The apiserver's one JSON mapper and the conversions every layer needs. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {
    }

    /** Parses a request body that must be a JSON object; a 400 names what is wrong. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request was in an unknown format: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body of the request must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static ObjectNode readStored(byte[] bytes) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("stored object is not JSON", e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The object at {@code node.field}, created when missing. */
    public static ObjectNode object(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value instanceof ObjectNode object) {
            return object;
        }
        return node.putObject(field);
    }

    /** Numbers compare by value: a stored 1 reads back as an int, a 1 set in code may be a long. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (p, q) -> p.equals(q)
            || (p.isNumber() && q.isNumber() && p.decimalValue().compareTo(q.decimalValue()) == 0) ? 0 : 1;

    /**
     * Whether two objects are equal, leaving out the named top-level fields and the named fields
     * of {@code metadata}; compares in place (no copies), numbers by value.
     */
    public static boolean equalExcept(ObjectNode a, ObjectNode b, java.util.Set<String> topLevel,
                                      java.util.Set<String> metadata) {
        java.util.Set<String> names = new java.util.HashSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (topLevel.contains(name)) {
                continue;
            }
            JsonNode x = a.get(name);
            JsonNode y = b.get(name);
            boolean same = name.equals("metadata") && x instanceof ObjectNode mx && y instanceof ObjectNode my
                    ? equalExcept(mx, my, metadata, java.util.Set.of())
                    : x != null && y != null && x.equals(NUMBERS_BY_VALUE, y);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The media type of a Content-Type header, lower case, without parameters; "" when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
