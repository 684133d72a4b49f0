package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.http.Reply;
import io.kuberaf.apiserver.http.ResourceHandler;
import io.kuberaf.apiserver.openapi.FieldValidation;
import io.kuberaf.apiserver.openapi.KindSchemas;
import io.kuberaf.apiserver.openapi.PatchMeta;
import io.kuberaf.apiserver.registry.ObjectRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Patches with the built-in kinds' schemas: the strategic merge patch, and server-side apply
 * (create when missing, otherwise merge the applied configuration into the live object with the
 * strategic semantics, drop what the manager applied before and no longer does, and record the
 * manager's fields in {@code metadata.managedFields}). Conflicts between managers are not
 * detected yet: the last applier wins.
 */
public final class SchemaPatches extends Patches {

    private final KindSchemas schemas;
    private final FieldValidation validation;
    private final Clock clock;

    public SchemaPatches(KindSchemas schemas, Clock clock) {
        this.schemas = schemas;
        this.validation = new FieldValidation(schemas);
        this.clock = clock;
    }

    @Override
    protected JsonNode strategic(ResourceType type, ObjectNode current, ObjectNode patch) {
        return StrategicMergePatch.apply(current, patch, meta(type, current));
    }

    private PatchMeta meta(ResourceType type, ObjectNode current) {
        String apiVersion = Json.text(current, "apiVersion");
        String kind = Json.text(current, "kind");
        Optional<PatchMeta> meta = apiVersion != null && kind != null ? schemas.patchMeta(apiVersion, kind) : Optional.empty();
        return meta.or(() -> schemas.patchMeta(type.apiVersion(), type.kind())).orElseThrow(() -> new ApiException(415,
                "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                + JSON_PATCH + ", " + MERGE + ", " + APPLY));
    }

    @Override
    public Reply apply(ResourceHandler handler, ResourceType type, String namespace, String name, ApiRequest request) {
        String manager = request.param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", List.of(new ApiException.Cause(
                    "FieldValueRequired", "Required value: is required for apply patch", "fieldManager")));
        }
        String mode = FieldValidation.mode(request);
        List<String> problems = new ArrayList<>();
        ObjectNode config = FieldValidation.decode(request.body(), true, problems);
        checkConfig(type, name, config);
        validation.unknownFields(type, config, Set.of(), problems);
        List<String> warnings = new ArrayList<>();
        FieldValidation.report(mode, problems, warnings, "");
        PatchMeta meta = schemas.patchMeta(type.apiVersion(), type.kind()).orElse(PatchMeta.UNKNOWN);
        ObjectNode fields = ManagedFields.of(config, meta);
        ObjectRegistry objects = handler.objects();
        if (objects.find(type, namespace, name).isEmpty()) {
            ObjectNode object = meta.known() ? StrategicMergePatch.apply(Json.MAPPER.createObjectNode(), config, meta)
                    : config.deepCopy();
            ArrayNode managed = Json.object(object, "metadata").putArray("managedFields");
            managed.add(entry(manager, type, fields));
            try {
                return Reply.created(objects.create(type, namespace, object, request.dryRun())).withWarnings(warnings);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        ObjectNode updated = objects.guaranteedUpdate(type, namespace, name, null, current -> {
            ObjectNode live = current.deepCopy();
            ObjectNode metadata = Json.object(live, "metadata");
            ArrayNode managed = metadata.get("managedFields") instanceof ArrayNode a ? a : metadata.putArray("managedFields");
            JsonNode before = null;
            List<JsonNode> others = new ArrayList<>();
            ArrayNode kept = Json.MAPPER.createArrayNode();
            for (JsonNode entry : managed) {
                if (manager.equals(entry.path("manager").asText()) && "Apply".equals(entry.path("operation").asText())) {
                    before = entry.get("fieldsV1");
                } else {
                    others.add(entry.get("fieldsV1"));
                    kept.add(entry);
                }
            }
            ManagedFields.removeDropped(live, before, fields, others);
            ObjectNode merged = meta.known() ? StrategicMergePatch.apply(live, config, meta)
                    : (ObjectNode) MergePatch.apply(live, config);
            kept.add(entry(manager, type, fields));
            Json.object(merged, "metadata").set("managedFields", kept);
            return merged;
        }, request.dryRun());
        return Reply.ok(updated).withWarnings(warnings);
    }

    private static void checkConfig(ResourceType type, String name, ObjectNode config) {
        String apiVersion = Json.text(config, "apiVersion");
        String kind = Json.text(config, "kind");
        if (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty()) {
            throw ApiException.badRequest("invalid object: apiVersion and kind must be set in an apply configuration");
        }
        ObjectNode metadata = Json.object(config, "metadata");
        String configName = Json.text(metadata, "name");
        if (configName != null && !configName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + configName + ") does not match the name on the URL ("
                    + name + ")");
        }
        metadata.put("name", name);
        metadata.remove("managedFields");
    }

    private ObjectNode entry(String manager, ResourceType type, ObjectNode fields) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("manager", manager);
        entry.put("operation", "Apply");
        entry.put("apiVersion", type.apiVersion());
        entry.put("time", ObjectRegistry.timestamp(clock.instant()));
        entry.put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", fields);
        return entry;
    }
}
