package io.kuberaf.apiserver.openapi;

import io.kuberaf.apiserver.http.Json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.FieldValidator;
import io.kuberaf.apiserver.openapi.KindSchemas.ArrayOf;
import io.kuberaf.apiserver.openapi.KindSchemas.MapOf;
import io.kuberaf.apiserver.openapi.KindSchemas.Model;
import io.kuberaf.apiserver.openapi.KindSchemas.Property;
import io.kuberaf.apiserver.openapi.KindSchemas.Ref;
import io.kuberaf.apiserver.openapi.KindSchemas.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kube-apiserver's field validation ({@code ?fieldValidation=Strict|Warn|Ignore}, Warn when
 * absent): fields the kind's schema does not declare and fields given twice are errors under
 * Strict ({@code strict decoding error: unknown field "spec.foo"}), {@code Warning} headers
 * under Warn, and silently dropped under Ignore; as in Kubernetes, unknown fields are never stored.
 */
public final class FieldValidation implements FieldValidator {

    public static final String STRICT = "Strict";
    public static final String WARN = "Warn";
    public static final String IGNORE = "Ignore";

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KindSchemas schemas;

    public FieldValidation(KindSchemas schemas) {
        this.schemas = schemas;
    }

    /** The request's mode; a 400 for values other than Strict, Warn and Ignore. */
    public static String mode(ApiRequest request) {
        String mode = request.param("fieldValidation");
        if (mode == null || mode.isEmpty()) {
            return WARN;
        }
        if (!mode.equals(STRICT) && !mode.equals(WARN) && !mode.equals(IGNORE)) {
            throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + mode
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }
        return mode;
    }

    @Override
    public ObjectNode body(ResourceType type, ApiRequest request, List<String> warnings) {
        String mode = mode(request);
        List<String> problems = new ArrayList<>();
        ObjectNode body = decode(request.body(), isYaml(request.contentType()), problems);
        unknownFields(type, body, Set.of(), problems);
        report(mode, problems, warnings, type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                + type.kind() + ": ");
        return body;
    }

    @Override
    public void patched(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request, List<String> warnings) {
        String mode = mode(request);
        List<String> problems = new ArrayList<>();
        check(type, before, after, problems);
        report(mode, problems, warnings, "");
    }

    /** Drops the unknown fields of {@code after} that {@code before} did not already have; adds their messages. */
    public void check(ResourceType type, ObjectNode before, ObjectNode after, List<String> problems) {
        List<String> existing = new ArrayList<>();
        if (before != null) {
            walkKind(type, before.deepCopy(), Set.of(), existing);
        }
        unknownFields(type, after, new HashSet<>(existing), problems);
    }

    /** Applies the mode to what was found: throws under Strict, collects warnings under Warn. */
    public static void report(String mode, List<String> problems, List<String> warnings, String prefix) {
        if (problems.isEmpty()) {
            return;
        }
        if (mode.equals(STRICT)) {
            throw ApiException.badRequest(prefix + "strict decoding error: " + String.join(", ", problems));
        }
        if (mode.equals(WARN)) {
            warnings.addAll(problems);
        }
    }

    /** Removes the fields of {@code object} its kind's schema does not declare, except those at {@code keep}. */
    public void unknownFields(ResourceType type, ObjectNode object, Set<String> keep, List<String> problems) {
        walkKind(type, object, keep, problems);
    }

    private void walkKind(ResourceType type, ObjectNode object, Set<String> keep, List<String> problems) {
        Optional<Model> model = schemas.kind(type.apiVersion(), type.kind());
        model.ifPresent(m -> walk(object, new Ref(m), "", keep, problems));
    }

    private static void walk(JsonNode node, Shape shape, String path, Set<String> keep, List<String> problems) {
        if (shape instanceof Ref ref && ref.model().structural() && node instanceof ObjectNode object) {
            Model model = ref.model();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                Property property = model.property(field.getKey());
                if (property == null) {
                    String message = "unknown field \"" + child + "\"";
                    if (!keep.contains(message)) {
                        problems.add(message);
                        it.remove();
                    }
                } else {
                    walk(field.getValue(), property.shape(), child, keep, problems);
                }
            }
        } else if (shape instanceof ArrayOf array && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), array.items(), path + "[" + i + "]", keep, problems);
            }
        } else if (shape instanceof MapOf map && node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), map.values(), path + "." + e.getKey(), keep, problems));
        }
    }

    // ---- decoding with duplicate detection ----

    static boolean isYaml(String contentType) {
        String base = Json.mediaType(contentType);
        return base.equals("application/yaml") || base.equals("application/apply-patch+yaml") || base.equals("text/yaml");
    }

    /** Parses a JSON or YAML object; {@code duplicate field "a.b"} for each key given twice (the last one wins). */
    public static ObjectNode decode(byte[] body, boolean yaml, List<String> duplicates) {
        try (JsonParser parser = (yaml ? YAML : JSON).createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.badRequest(first == null ? "the request body is empty"
                        : "the body of the request must be a JSON or YAML object");
            }
            return (ObjectNode) read(parser, "", duplicates);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw ApiException.badRequest("the body of the request was in an unknown format: " + message);
        }
    }

    private static JsonNode read(JsonParser parser, String path, List<String> duplicates) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    parser.nextToken();
                    JsonNode value = read(parser, child, duplicates);
                    if (object.has(name)) {
                        duplicates.add("duplicate field \"" + child + "\"");
                    }
                    object.set(name, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, path + "[" + i++ + "]", duplicates));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                Object embedded = parser.getEmbeddedObject();
                return embedded == null ? NODES.nullNode() : NODES.textNode(String.valueOf(embedded));
            }
        }
    }
}
