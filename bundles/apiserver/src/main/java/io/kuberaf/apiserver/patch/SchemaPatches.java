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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Patches with the built-in kinds' schemas: the strategic merge patch, and server-side apply
 * (create when missing, otherwise merge the applied configuration into the live object with the
 * strategic semantics, drop what the manager applied before and no longer does, and record the
 * manager's fields in {@code metadata.managedFields}); a field the configuration changes and another
 * manager owns is a conflict (409) unless the apply is forced, see {@link FieldOwnership}.
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
        PatchMeta meta = meta(type);
        Set<List<String>> applied = FieldPaths.of(config, meta).keySet();
        boolean force = request.flag("force");
        String time = ObjectRegistry.timestamp(clock.instant());
        ObjectRegistry objects = handler.objects();
        if (objects.find(type, namespace, name).isEmpty()) {
            ObjectNode object = meta.known() ? StrategicMergePatch.apply(Json.MAPPER.createObjectNode(), config, meta)
                    : config.deepCopy();
            FieldOwnership.Entry mine = new FieldOwnership.Entry(
                    FieldOwnership.newEntry(manager, "Apply", type.apiVersion(), null), new LinkedHashSet<>(applied));
            mine.raw.put("time", time);
            Json.object(object, "metadata").set("managedFields", FieldOwnership.write(List.of(mine)));
            try {
                return Reply.created(objects.create(type, namespace, object, request.dryRun())).withWarnings(warnings);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        ObjectNode updated = objects.guaranteedUpdate(type, namespace, name, null,
                current -> applyTo(current, config, applied, meta, manager, type.apiVersion(), force, time), request.dryRun());
        return Reply.ok(updated).withWarnings(warnings);
    }

    /**
     * The live object after {@code manager} applied {@code config}: drops what the manager applied before
     * and no longer does (unless another manager owns it), merges the configuration, checks the
     * conflicts (or, forced, takes the conflicting fields over) and gives the manager the applied fields.
     */
    static ObjectNode applyTo(ObjectNode current, ObjectNode config, Set<List<String>> applied, PatchMeta meta,
                              String manager, String apiVersion, boolean force, String time) {
        ObjectNode live = current.deepCopy();
        List<FieldOwnership.Entry> entries = FieldOwnership.entries(live.path("metadata").get("managedFields"));
        FieldOwnership.Entry mine = null;
        List<FieldOwnership.Entry> others = new ArrayList<>();
        for (FieldOwnership.Entry entry : entries) {
            if (entry.is(manager, "Apply", apiVersion, null)) {
                mine = entry;
            } else {
                others.add(entry);
            }
        }
        List<JsonNode> otherSets = new ArrayList<>();
        others.forEach(other -> otherSets.add(FieldPaths.toFieldsV1(other.fields)));
        ObjectNode trimmed = live.deepCopy();
        if (mine != null) {
            ManagedFields.removeDropped(trimmed, FieldPaths.toFieldsV1(mine.fields), FieldPaths.toFieldsV1(applied),
                    otherSets);
        }
        ObjectNode merged = meta.known() ? StrategicMergePatch.apply(trimmed, config, meta)
                : (ObjectNode) MergePatch.apply(trimmed, config);
        List<FieldOwnership.Conflict> conflicts = FieldOwnership.conflicts(FieldPaths.of(live, meta),
                FieldPaths.of(merged, meta), applied, others);
        if (!conflicts.isEmpty()) {
            if (!force) {
                throw FieldOwnership.conflictError(conflicts);
            }
            for (FieldOwnership.Conflict conflict : conflicts) {
                conflict.owner().fields.remove(conflict.path());
            }
        }
        boolean same = mine != null && mine.fields.equals(applied) && conflicts.isEmpty() && sameObject(live, merged);
        if (mine == null) {
            mine = new FieldOwnership.Entry(FieldOwnership.newEntry(manager, "Apply", apiVersion, null), new LinkedHashSet<>());
            entries.add(mine);
        }
        mine.fields.clear();
        mine.fields.addAll(applied);
        if (!same) {
            mine.raw.put("apiVersion", apiVersion);
            mine.raw.put("time", time);
        }
        Json.object(merged, "metadata").set("managedFields", FieldOwnership.write(entries));
        return merged;
    }

    private static boolean sameObject(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        Json.object(x, "metadata").remove("managedFields");
        Json.object(y, "metadata").remove("managedFields");
        return x.equals(y);
    }

    @Override
    protected PatchMeta meta(ResourceType type) {
        return schemas.patchMeta(type.apiVersion(), type.kind()).orElse(PatchMeta.UNKNOWN);
    }

    @Override
    protected Clock clock() {
        return clock;
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
}
