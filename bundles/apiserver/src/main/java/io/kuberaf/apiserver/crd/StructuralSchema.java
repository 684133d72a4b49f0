package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException.Cause;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What kube-apiserver does to a custom object with its version's openAPIV3Schema, in its order:
 * prune the fields the schema does not declare (and nulls where the schema is not nullable), apply
 * the schema's defaults, then validate; the errors read as apiextensions-apiserver writes them
 * ({@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}).
 */
public final class StructuralSchema {

    /** Root fields every object keeps whatever its schema says; metadata is validated as ObjectMeta. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private StructuralSchema() {
    }

    // ---- pruning ----

    /** Removes undeclared fields from {@code object}; adds {@code unknown field "spec.x"} for each to {@code pruned}. */
    public static void prune(JsonNode schema, ObjectNode object, List<String> pruned) {
        if (schema == null) {
            return;
        }
        pruneObject(schema, object, "", true, pruned);
    }

    private static void prune(JsonNode schema, JsonNode value, String path, List<String> pruned) {
        if (schema == null || value == null) {
            return;
        }
        if (value instanceof ObjectNode object) {
            pruneObject(schema, object, path, schema.path("x-kubernetes-embedded-resource").asBoolean(), pruned);
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            for (int i = 0; i < array.size(); i++) {
                prune(schema.get("items"), array.get(i), path + "[" + i + "]", pruned);
            }
        }
    }

    private static void pruneObject(JsonNode schema, ObjectNode object, String path, boolean resource, List<String> pruned) {
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String child = path.isEmpty() ? name : path + "." + name;
            if (resource && ROOT_FIELDS.contains(name)) {
                continue;
            }
            JsonNode fieldSchema = properties != null ? properties.get(name) : null;
            if (fieldSchema == null && additional != null && additional.isObject()) {
                fieldSchema = additional;
            }
            if (fieldSchema == null) {
                if (!preserve && !(additional != null && additional.asBoolean(false))) {
                    pruned.add("unknown field \"" + child + "\"");
                    it.remove();
                }
                continue;
            }
            if (field.getValue().isNull() && !fieldSchema.path("nullable").asBoolean()) {
                it.remove(); // as Kubernetes: a null where the schema is not nullable is dropped, then defaulted
                continue;
            }
            prune(fieldSchema, field.getValue(), child, pruned);
        }
    }

    // ---- defaulting ----

    /** Sets the schema's {@code default} of every absent property whose parent object is present. */
    public static void applyDefaults(JsonNode schema, JsonNode value) {
        if (schema == null || value == null) {
            return;
        }
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                properties.fields().forEachRemaining(p -> {
                    if (!object.has(p.getKey()) && p.getValue().has("default")) {
                        object.set(p.getKey(), p.getValue().get("default").deepCopy());
                    }
                    applyDefaults(p.getValue(), object.get(p.getKey()));
                });
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                object.fields().forEachRemaining(e -> {
                    if (properties == null || !properties.has(e.getKey())) {
                        applyDefaults(additional, e.getValue());
                    }
                });
            }
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            array.forEach(item -> applyDefaults(schema.get("items"), item));
        }
    }

    // ---- validation ----

    /** The schema's errors in {@code object}, with field paths; the root's apiVersion, kind and metadata are skipped. */
    public static List<Cause> validate(JsonNode schema, ObjectNode object) {
        List<Cause> causes = new ArrayList<>();
        if (schema != null) {
            ObjectNode body = object.deepCopy();
            ROOT_FIELDS.forEach(body::remove);
            ObjectNode rootSchema = schema.deepCopy();
            if (rootSchema.get("required") instanceof ArrayNode required) {
                ArrayNode kept = rootSchema.putArray("required");
                required.forEach(r -> {
                    if (!ROOT_FIELDS.contains(r.asText())) {
                        kept.add(r);
                    }
                });
            }
            validate(rootSchema, body, "", causes);
        }
        return causes;
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean() && schema.has("type")) {
                typeInvalid(schema, value, path, causes);
            }
            return;
        }
        if (!hasType(schema, value)) {
            typeInvalid(schema, value, path, causes);
            return;
        }
        enumeration(schema, value, path, causes);
        if (value.isTextual()) {
            string(schema, value.asText(), path, causes);
        } else if (value.isNumber()) {
            number(schema, value, path, causes);
        } else if (value instanceof ArrayNode array) {
            array(schema, array, path, causes);
        } else if (value instanceof ObjectNode object) {
            object(schema, object, path, causes);
        }
    }

    private static boolean hasType(JsonNode schema, JsonNode value) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            return value.isIntegralNumber() || value.isTextual();
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static void typeInvalid(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
        String actual = typeName(value);
        String expected = schema.path("x-kubernetes-int-or-string").asBoolean() ? "integer,string" : schema.path("type").asText();
        causes.add(new Cause("FieldValueTypeInvalid", "Invalid value: \"" + actual + "\": " + body(path)
                + " must be of type " + expected + ": \"" + actual + "\"", path));
    }

    private static void enumeration(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
        JsonNode allowed = schema.get("enum");
        if (allowed == null || !allowed.isArray()) {
            return;
        }
        List<String> quoted = new ArrayList<>();
        for (JsonNode candidate : allowed) {
            if (sameValue(candidate, value)) {
                return;
            }
            quoted.add(quote(candidate.isTextual() ? candidate.asText() : candidate.toString()));
        }
        causes.add(new Cause("FieldValueNotSupported", "Unsupported value: " + format(value) + ": supported values: "
                + String.join(", ", quoted), path));
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static void string(JsonNode schema, String text, String path, List<Cause> causes) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
            causes.add(new Cause("FieldValueTooLong", "Too long: may not be more than " + schema.get("maxLength").asLong()
                    + " bytes", path));
        }
        if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
            invalid(causes, path, quote(text), "should be at least " + schema.get("minLength").asLong() + " chars long");
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            try {
                if (!Pattern.compile(pattern).matcher(text).find()) {
                    invalid(causes, path, quote(text), "should match '" + pattern + "'");
                }
            } catch (PatternSyntaxException e) {
                invalid(causes, path, quote(text), "has a pattern the server cannot compile: " + pattern);
            }
        }
    }

    private static void number(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
        BigDecimal number = value.decimalValue();
        if (schema.has("minimum")) {
            BigDecimal min = schema.get("minimum").decimalValue();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean();
            if (exclusive ? number.compareTo(min) <= 0 : number.compareTo(min) < 0) {
                invalid(causes, path, format(value), "should be greater than " + (exclusive ? "" : "or equal to ")
                        + format(schema.get("minimum")));
            }
        }
        if (schema.has("maximum")) {
            BigDecimal max = schema.get("maximum").decimalValue();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean();
            if (exclusive ? number.compareTo(max) >= 0 : number.compareTo(max) > 0) {
                invalid(causes, path, format(value), "should be less than " + (exclusive ? "" : "or equal to ")
                        + format(schema.get("maximum")));
            }
        }
        if (schema.has("multipleOf") && schema.get("multipleOf").decimalValue().signum() != 0
                && number.remainder(schema.get("multipleOf").decimalValue()).signum() != 0) {
            invalid(causes, path, format(value), "should be a multiple of " + format(schema.get("multipleOf")));
        }
    }

    private static void array(JsonNode schema, ArrayNode array, String path, List<Cause> causes) {
        if (schema.has("maxItems") && array.size() > schema.get("maxItems").asLong()) {
            causes.add(new Cause("FieldValueTooMany", "Too many: " + array.size() + ": must have at most "
                    + schema.get("maxItems").asLong() + " items", path));
        }
        if (schema.has("minItems") && array.size() < schema.get("minItems").asLong()) {
            invalid(causes, path, format(array), "should have at least " + schema.get("minItems").asLong() + " items");
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            for (int i = 0; i < array.size(); i++) {
                validate(items, array.get(i), path + "[" + i + "]", causes);
            }
        }
    }

    private static void object(JsonNode schema, ObjectNode object, String path, List<Cause> causes) {
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) {
                causes.add(new Cause("FieldValueRequired", "Required value", child(path, required.asText())));
            }
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        object.fields().forEachRemaining(field -> {
            JsonNode fieldSchema = properties != null ? properties.get(field.getKey()) : null;
            if (fieldSchema == null && additional != null && additional.isObject()) {
                fieldSchema = additional;
            }
            if (fieldSchema != null) {
                validate(fieldSchema, field.getValue(), child(path, field.getKey()), causes);
            }
        });
        if (schema.has("maxProperties") && object.size() > schema.get("maxProperties").asLong()) {
            causes.add(new Cause("FieldValueTooMany", "Too many: " + object.size() + ": must have at most "
                    + schema.get("maxProperties").asLong() + " items", path));
        }
        if (schema.has("minProperties") && object.size() < schema.get("minProperties").asLong()) {
            invalid(causes, path, format(object), "should have at least " + schema.get("minProperties").asLong()
                    + " properties");
        }
    }

    private static void invalid(List<Cause> causes, String path, String value, String detail) {
        causes.add(new Cause("FieldValueInvalid", "Invalid value: " + value + ": " + body(path) + " " + detail, path));
    }

    private static String body(String path) {
        return (path.isEmpty() ? "body" : path) + " in body";
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String typeName(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    /** A value as Go's field errors print it: strings quoted, numbers and booleans as they are. */
    private static String format(JsonNode value) {
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        if (value.isContainerNode()) {
            return quote(typeName(value));
        }
        return value.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
