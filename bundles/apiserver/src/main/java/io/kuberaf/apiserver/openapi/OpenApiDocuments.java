package io.kuberaf.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.DiscoveryDocuments;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.FieldValidator;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.http.OpenApiEndpoint;
import io.kuberaf.apiserver.openapi.KindSchemas.AnyValue;
import io.kuberaf.apiserver.openapi.KindSchemas.ArrayOf;
import io.kuberaf.apiserver.openapi.KindSchemas.MapOf;
import io.kuberaf.apiserver.openapi.KindSchemas.Model;
import io.kuberaf.apiserver.openapi.KindSchemas.Property;
import io.kuberaf.apiserver.openapi.KindSchemas.Ref;
import io.kuberaf.apiserver.openapi.KindSchemas.Scalar;
import io.kuberaf.apiserver.openapi.KindSchemas.Shape;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI v3 documents of the served resources: what kubectl validates, applies and explains
 * with. {@code /openapi/v3} lists the group versions; {@code /openapi/v3/api/v1} and
 * {@code /openapi/v3/apis/<group>/<version>} are one document each, with the operations of every
 * resource and the schemas of its kinds and of every type they reference. Built on first request
 * and cached until the resources of that group version change.
 */
public final class OpenApiDocuments implements OpenApiEndpoint {

    private static final String PREFIX = "/openapi/v3";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PATCH_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final String STATUS_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    private static final String DELETE_OPTIONS_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

    /** @param key the group version's types and the definitions of its custom kinds: a changed schema rebuilds it */
    private record Cached(List<Object> key, ObjectNode document, String hash) {
    }

    private final ResourceRegistry resources;
    private final KindSchemas schemas;
    private final FieldValidation validation;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public OpenApiDocuments(ResourceRegistry resources) {
        this(resources, new KindSchemas());
    }

    public OpenApiDocuments(ResourceRegistry resources, KindSchemas schemas) {
        this.resources = resources;
        this.schemas = schemas;
        this.validation = new FieldValidation(schemas);
    }

    public KindSchemas schemas() {
        return schemas;
    }

    @Override
    public FieldValidator validator() {
        return validation;
    }

    /**
     * A minimal OpenAPI v2 document (swagger "2.0", info, no paths or definitions) in gnostic's protobuf
     * encoding. kubectl up to 1.29 loads {@code /openapi/v2} before it validates or applies and fails
     * without it; with an empty v2 it takes the schemas from v3 (field validation is then checked
     * through v3's fieldValidation parameter, patches are computed from its compiled-in types).
     */
    @Override
    public byte[] v2Protobuf() {
        return V2_DOCUMENT.clone();
    }

    private static final byte[] V2_DOCUMENT = minimalV2();

    private static byte[] minimalV2() {
        java.io.ByteArrayOutputStream info = new java.io.ByteArrayOutputStream();
        field(info, 1, "Kubernetes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        field(info, 2, ("v" + DiscoveryDocuments.KUBERNETES_MAJOR + "." + DiscoveryDocuments.KUBERNETES_MINOR + ".0")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream document = new java.io.ByteArrayOutputStream();
        field(document, 1, "2.0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        field(document, 2, info.toByteArray());
        field(document, 8, new byte[0]);
        return document.toByteArray();
    }

    /** A length-delimited protobuf field (wire type 2); the lengths here stay below 128. */
    private static void field(java.io.ByteArrayOutputStream out, int number, byte[] value) {
        out.write((number << 3) | 2);
        out.write(value.length);
        out.write(value, 0, value.length);
    }

    @Override
    public JsonNode document(String path) {
        String p = path.replaceAll("/+$", "");
        if (p.equals(PREFIX)) {
            return index();
        }
        if (!p.startsWith(PREFIX + "/")) {
            return null;
        }
        Cached cached = groupVersion(p.substring(PREFIX.length() + 1));
        return cached == null ? null : cached.document();
    }

    private ObjectNode index() {
        ObjectNode index = Json.MAPPER.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        for (Map.Entry<String, List<String>> group : resources.groupVersions().entrySet()) {
            for (String version : group.getValue()) {
                String gvPath = group.getKey().isEmpty() ? "api/" + version : "apis/" + group.getKey() + "/" + version;
                Cached cached = groupVersion(gvPath);
                if (cached != null) {
                    paths.putObject(gvPath).put("serverRelativeURL", PREFIX + "/" + gvPath + "?hash=" + cached.hash());
                }
            }
        }
        return index;
    }

    private Cached groupVersion(String gvPath) {
        String[] parts = gvPath.split("/");
        String group;
        String version;
        if (parts.length == 2 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
        } else if (parts.length == 3 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
        } else {
            return null;
        }
        List<ResourceType> types = resources.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return null;
        }
        List<Object> key = new java.util.ArrayList<>(types);
        types.forEach(t -> resources.custom(t).ifPresent(key::add));
        Cached cached = cache.get(gvPath);
        if (cached != null && cached.key().equals(key)) {
            return cached;
        }
        ObjectNode document = build(group, version, types);
        cached = new Cached(key, document, hash(document));
        cache.put(gvPath, cached);
        return cached;
    }

    private static String hash(ObjectNode document) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(Json.bytes(document)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- one group version ----

    ObjectNode build(String group, String version, List<ResourceType> types) {
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.put("openapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v" + DiscoveryDocuments.KUBERNETES_MAJOR + "." + DiscoveryDocuments.KUBERNETES_MINOR + ".0");
        ObjectNode paths = document.putObject("paths");
        Map<String, ObjectNode> components = new TreeMap<>();
        Deque<Model> pending = new ArrayDeque<>();
        for (String meta : List.of(STATUS_SCHEMA, DELETE_OPTIONS_SCHEMA)) {
            schemas.kind("v1", meta.substring(meta.lastIndexOf('.') + 1)).ifPresent(pending::add);
        }
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.put("description", "A patch: a JSON patch, a JSON merge patch, a strategic merge patch or an apply "
                + "configuration, by content type.");
        patch.put("type", "object");
        components.put(PATCH_SCHEMA, patch);
        for (ResourceType type : types) {
            String kindSchema = kindSchema(type, type.apiVersion(), type.kind(), pending, components);
            String listSchema = kindSchema(type, type.apiVersion(), type.kind() + "List", pending, components);
            addPaths(paths, type, kindSchema, listSchema);
            for (ResourceType.Subresource sub : type.subresources()) {
                String subVersion = sub.group().isEmpty() ? sub.version() : sub.group() + "/" + sub.version();
                Optional<Model> subModel = schemas.kind(subVersion, sub.kind());
                subModel.ifPresent(pending::add);
                addSubresourcePaths(paths, type, sub, subModel.map(Model::name).orElse(null));
            }
        }
        while (!pending.isEmpty()) {
            Model model = pending.pop();
            if (!components.containsKey(model.name())) {
                components.put(model.name(), schema(model, pending));
            }
        }
        ObjectNode schemaNode = document.putObject("components").putObject("schemas");
        components.forEach(schemaNode::set);
        return document;
    }

    /** The schema name of a kind (a model's, or a free-form one for kinds without a model, like custom resources). */
    private String kindSchema(ResourceType type, String apiVersion, String kind, Deque<Model> pending,
                              Map<String, ObjectNode> components) {
        Optional<Model> model = schemas.kind(apiVersion, kind);
        if (model.isPresent()) {
            pending.add(model.get());
            return model.get().name();
        }
        String name = reverseDomain(type.group()) + "." + type.version() + "." + kind;
        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        if (kind.endsWith("List") && !kind.equals(type.kind())) {
            properties.putObject("metadata").put("$ref", SCHEMAS + "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta");
            properties.putObject("items").put("type", "array").putObject("items").put("$ref", SCHEMAS
                    + reverseDomain(type.group()) + "." + type.version() + "." + type.kind());
            schemas.kind("v1", "NamespaceList").ifPresent(pending::add);
        } else {
            Optional<ObjectNode> custom = resources.custom(type).map(k -> k.schema());
            if (custom.isPresent() && custom.get() != null) {
                schema = custom.get().deepCopy();
                properties = Json.object(schema, "properties");
                properties.set("apiVersion", Json.MAPPER.createObjectNode().put("type", "string"));
                properties.set("kind", Json.MAPPER.createObjectNode().put("type", "string"));
            } else {
                schema.put("x-kubernetes-preserve-unknown-fields", true);
            }
            properties.set("metadata", Json.MAPPER.createObjectNode().put("$ref", SCHEMAS
                    + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
            schemas.kind("v1", "Namespace").ifPresent(pending::add);
        }
        gvk(schema.putArray("x-kubernetes-group-version-kind").addObject(), type.group(), type.version(), kind);
        components.put(name, schema);
        return name;
    }

    private static String reverseDomain(String group) {
        if (group.isEmpty()) {
            return "io.k8s.api.core";
        }
        String[] parts = group.split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            reversed.append(parts[i]).append(i > 0 ? "." : "");
        }
        return reversed.toString();
    }

    // ---- schemas ----

    private ObjectNode schema(Model model, Deque<Model> pending) {
        ObjectNode schema = Json.MAPPER.createObjectNode();
        String description = Descriptions.kind(model.shortName());
        if (description != null) {
            schema.put("description", description);
        }
        if (model.scalar() != null) {
            schema.put("type", model.scalar().type());
            schema.put("format", model.scalar().format());
            if (model.scalar().format().equals("int-or-string")) {
                schema.put("x-kubernetes-int-or-string", true);
            }
            return schema;
        }
        schema.put("type", "object");
        if (model.freeForm()) {
            return schema;
        }
        ObjectNode properties = schema.putObject("properties");
        for (Property property : model.properties().values()) {
            properties.set(property.name(), property(property, pending));
        }
        if (!model.required().isEmpty()) {
            ArrayNode required = schema.putArray("required");
            model.required().forEach(required::add);
        }
        if (!model.groupVersionKinds().isEmpty()) {
            ArrayNode gvks = schema.putArray("x-kubernetes-group-version-kind");
            for (String[] gvk : model.groupVersionKinds()) {
                gvk(gvks.addObject(), gvk[0], gvk[1], gvk[2]);
            }
        }
        return schema;
    }

    private ObjectNode property(Property property, Deque<Model> pending) {
        FieldTags.Tag tag = property.tag();
        boolean extensions = !tag.strategies().isEmpty() || tag.mergeKey() != null || tag.listType() != null;
        ObjectNode schema;
        if (property.shape() instanceof Ref ref && (property.description() != null || extensions)) {
            schema = Json.MAPPER.createObjectNode();
            schema.putArray("allOf").add(shape(ref, pending));
        } else {
            schema = shape(property.shape(), pending);
        }
        if (property.description() != null) {
            schema.put("description", property.description());
        }
        if (tag.listType() != null) {
            schema.put("x-kubernetes-list-type", tag.listType());
        }
        if (!tag.listMapKeys().isEmpty()) {
            ArrayNode keys = schema.putArray("x-kubernetes-list-map-keys");
            tag.listMapKeys().forEach(keys::add);
        }
        if (tag.mergeKey() != null) {
            schema.put("x-kubernetes-patch-merge-key", tag.mergeKey());
        }
        if (!tag.strategies().isEmpty()) {
            schema.put("x-kubernetes-patch-strategy", String.join(",", tag.strategies()));
        }
        return schema;
    }

    private ObjectNode shape(Shape shape, Deque<Model> pending) {
        ObjectNode schema = Json.MAPPER.createObjectNode();
        if (shape instanceof Scalar scalar) {
            schema.put("type", scalar.type());
            if (scalar.format() != null) {
                schema.put("format", scalar.format());
            }
        } else if (shape instanceof Ref ref) {
            pending.add(ref.model());
            schema.put("$ref", SCHEMAS + ref.model().name());
        } else if (shape instanceof ArrayOf array) {
            schema.put("type", "array");
            schema.set("items", shape(array.items(), pending));
        } else if (shape instanceof MapOf map) {
            schema.put("type", "object");
            schema.set("additionalProperties", shape(map.values(), pending));
        } else if (shape instanceof AnyValue) {
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return schema;
    }

    private static void gvk(ObjectNode node, String group, String version, String kind) {
        node.put("group", group);
        node.put("kind", kind);
        node.put("version", version);
    }

    // ---- paths ----

    private void addPaths(ObjectNode paths, ResourceType type, String kindSchema, String listSchema) {
        String base = (type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/") + type.version();
        String collection = type.namespaced() ? base + "/namespaces/{namespace}/" + type.plural() : base + "/" + type.plural();
        String scope = type.namespaced() ? "Namespaced" : "";
        String id = operationName(type);
        ObjectNode list = pathItem(paths, collection, type.namespaced(), false);
        if (type.supports("list")) {
            ObjectNode op = operation(list, "get", "list" + id + scope + type.kind(), "list", type, type.kind(), listSchema, 200);
            listParameters(op);
        }
        if (type.supports("create")) {
            ObjectNode op = operation(list, "post", "create" + id + scope + type.kind(), "post", type, type.kind(), kindSchema, 200);
            writeParameters(op, false);
            body(op, kindSchema);
            responses(op).set("201", response(kindSchema));
            responses(op).set("202", response(kindSchema));
        }
        if (type.supports("deletecollection")) {
            ObjectNode op = operation(list, "delete", "deleteCollection" + id + scope + type.kind(), "deletecollection", type,
                    type.kind(), STATUS_SCHEMA, 200);
            listParameters(op);
            deleteParameters(op);
            body(op, DELETE_OPTIONS_SCHEMA);
        }
        ObjectNode item = pathItem(paths, collection + "/{name}", type.namespaced(), true);
        if (type.supports("get")) {
            operation(item, "get", "read" + id + scope + type.kind(), "get", type, type.kind(), kindSchema, 200);
        }
        if (type.supports("update")) {
            ObjectNode op = operation(item, "put", "replace" + id + scope + type.kind(), "put", type, type.kind(), kindSchema, 200);
            writeParameters(op, false);
            body(op, kindSchema);
            responses(op).set("201", response(kindSchema));
        }
        if (type.supports("patch")) {
            ObjectNode op = operation(item, "patch", "patch" + id + scope + type.kind(), "patch", type, type.kind(), kindSchema, 200);
            writeParameters(op, true);
            patchBody(op, schemas.kind(type.apiVersion(), type.kind()).isPresent());
            responses(op).set("201", response(kindSchema));
        }
        if (type.supports("delete")) {
            ObjectNode op = operation(item, "delete", "delete" + id + scope + type.kind(), "delete", type, type.kind(),
                    STATUS_SCHEMA, 200);
            deleteParameters(op);
            body(op, DELETE_OPTIONS_SCHEMA);
            responses(op).set("202", response(STATUS_SCHEMA));
        }
        if (type.namespaced() && type.supports("list")) {
            ObjectNode all = pathItem(paths, base + "/" + type.plural(), false, false);
            ObjectNode op = operation(all, "get", "list" + id + type.kind() + "ForAllNamespaces", "list", type, type.kind(),
                    listSchema, 200);
            listParameters(op);
        }
    }

    private void addSubresourcePaths(ObjectNode paths, ResourceType type, ResourceType.Subresource sub, String schema) {
        if (schema == null || !(sub.name().equals("status") || sub.name().equals("scale"))) {
            return;
        }
        String base = (type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/") + type.version();
        String path = (type.namespaced() ? base + "/namespaces/{namespace}/" : base + "/") + type.plural() + "/{name}/"
                + sub.name();
        String suffix = (type.namespaced() ? "Namespaced" : "") + type.kind()
                + Character.toUpperCase(sub.name().charAt(0)) + sub.name().substring(1);
        String id = operationName(type);
        ObjectNode item = pathItem(paths, path, type.namespaced(), true);
        ResourceType subType = new ResourceType(sub.group(), sub.version(), sub.kind(), type.plural(), type.singular(),
                type.namespaced(), List.of(), sub.verbs(), List.of(), List.of());
        if (sub.verbs().contains("get")) {
            operation(item, "get", "read" + id + suffix, "get", subType, sub.kind(), schema, 200);
        }
        if (sub.verbs().contains("update")) {
            ObjectNode op = operation(item, "put", "replace" + id + suffix, "put", subType, sub.kind(), schema, 200);
            writeParameters(op, false);
            body(op, schema);
        }
        if (sub.verbs().contains("patch")) {
            ObjectNode op = operation(item, "patch", "patch" + id + suffix, "patch", subType, sub.kind(), schema, 200);
            writeParameters(op, true);
            patchBody(op, schemas.kind(type.apiVersion(), type.kind()).isPresent());
        }
    }

    private static String operationName(ResourceType type) {
        StringBuilder name = new StringBuilder();
        String group = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
        name.append(Character.toUpperCase(group.charAt(0))).append(group.substring(1));
        name.append(Character.toUpperCase(type.version().charAt(0))).append(type.version().substring(1));
        return name.toString();
    }

    private static ObjectNode pathItem(ObjectNode paths, String path, boolean namespaced, boolean named) {
        ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
        if (!item.has("parameters")) {
            ArrayNode parameters = item.putArray("parameters");
            if (named) {
                parameter(parameters, "name", "path", "string", "name of the object").put("required", true);
            }
            if (namespaced) {
                parameter(parameters, "namespace", "path", "string", "object name and auth scope, such as for teams and projects")
                        .put("required", true);
            }
            parameter(parameters, "pretty", "query", "string", "If 'true', then the output is pretty printed.");
        }
        return item;
    }

    private static ObjectNode operation(ObjectNode item, String method, String operationId, String action, ResourceType type,
                                        String kind, String responseSchema, int code) {
        ObjectNode op = item.putObject(method);
        op.putArray("tags").add(type.group().isEmpty() ? "core_" + type.version() : type.group() + "_" + type.version());
        op.put("description", action + " " + kind);
        op.put("operationId", operationId);
        op.putArray("parameters");
        responses(op).set(String.valueOf(code), response(responseSchema));
        responses(op).putObject("401").put("description", "Unauthorized");
        op.put("x-kubernetes-action", action);
        gvk(op.putObject("x-kubernetes-group-version-kind"), type.group(), type.version(), kind);
        return op;
    }

    private static ObjectNode responses(ObjectNode op) {
        return op.has("responses") ? (ObjectNode) op.get("responses") : op.putObject("responses");
    }

    private static ObjectNode response(String schema) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("description", "OK");
        ObjectNode content = response.putObject("content");
        for (String type : List.of("application/json", "application/yaml")) {
            content.putObject(type).putObject("schema").put("$ref", SCHEMAS + schema);
        }
        return response;
    }

    private static void body(ObjectNode op, String schema) {
        ObjectNode body = op.putObject("requestBody");
        body.putObject("content").putObject("*/*").putObject("schema").put("$ref", SCHEMAS + schema);
        if (!schema.equals(DELETE_OPTIONS_SCHEMA)) {
            body.put("required", true);
        }
    }

    /**
     * The patch content types; the strategic merge patch only for kinds with a model (as for Kubernetes'
     * custom resources, kubectl then computes JSON merge patches).
     */
    private static void patchBody(ObjectNode op, boolean strategic) {
        ObjectNode body = op.putObject("requestBody");
        ObjectNode content = body.putObject("content");
        List<String> types = strategic ? List.of("application/apply-patch+yaml", "application/json-patch+json",
                "application/merge-patch+json", "application/strategic-merge-patch+json")
                : List.of("application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");
        for (String type : types) {
            content.putObject(type).putObject("schema").put("$ref", SCHEMAS + PATCH_SCHEMA);
        }
        body.put("required", true);
    }

    private static void writeParameters(ObjectNode op, boolean patch) {
        ArrayNode parameters = (ArrayNode) op.get("parameters");
        parameter(parameters, "dryRun", "query", "string", "When present, modifications are not persisted. "
                + "The only valid value is All.");
        parameter(parameters, "fieldManager", "query", "string", "The name of the actor making the change; required "
                + "for apply patches.");
        parameter(parameters, "fieldValidation", "query", "string", "What to do with unknown and duplicate fields in "
                + "the body: Ignore (drop them), Warn (drop them and return a Warning header for each) or Strict "
                + "(fail the request with 400 BadRequest).");
        if (patch) {
            parameter(parameters, "force", "query", "boolean", "Force an apply patch to take fields other managers own.");
        }
    }

    private static void listParameters(ObjectNode op) {
        ArrayNode parameters = (ArrayNode) op.get("parameters");
        parameter(parameters, "allowWatchBookmarks", "query", "boolean", "Ask for BOOKMARK watch events.");
        parameter(parameters, "continue", "query", "string", "The continue token of the previous page.");
        parameter(parameters, "fieldSelector", "query", "string", "Select objects by fields.");
        parameter(parameters, "labelSelector", "query", "string", "Select objects by labels.");
        parameter(parameters, "limit", "query", "integer", "The largest number of objects to return in one page.");
        parameter(parameters, "resourceVersion", "query", "string", "The resource version to list or watch from.");
        parameter(parameters, "resourceVersionMatch", "query", "string", "How resourceVersion applies: Exact or NotOlderThan.");
        parameter(parameters, "timeoutSeconds", "query", "integer", "Timeout of the list or watch call.");
        parameter(parameters, "watch", "query", "boolean", "Watch for changes instead of listing.");
    }

    private static void deleteParameters(ObjectNode op) {
        ArrayNode parameters = (ArrayNode) op.get("parameters");
        parameter(parameters, "dryRun", "query", "string", "When present, the deletion is not persisted.");
        parameter(parameters, "gracePeriodSeconds", "query", "integer", "Seconds before the object is deleted.");
        parameter(parameters, "propagationPolicy", "query", "string", "Orphan, Background or Foreground.");
    }

    private static ObjectNode parameter(ArrayNode parameters, String name, String in, String type, String description) {
        for (JsonNode existing : parameters) {
            if (existing.path("name").asText().equals(name)) {
                return (ObjectNode) existing;
            }
        }
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", name);
        parameter.put("in", in);
        parameter.put("description", description);
        parameter.putObject("schema").put("type", type);
        return parameter;
    }
}
