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
        boolean force = request.flag("force");
        String apiVersion = type.apiVersion();
        String time = ObjectRegistry.timestamp(clock.instant());
        ObjectRegistry objects = handler.objects();
        if (objects.find(type, namespace, name).isEmpty()) {
            ObjectNode object = meta.known() ? StrategicMergePatch.apply(Json.MAPPER.createObjectNode(), config, meta)
                    : config.deepCopy();
            try {
                return Reply.created(objects.create(type, namespace, object, request.dryRun(),
                        (current, created) -> recordApply(null, created, config, meta, manager, apiVersion, force, time)))
                        .withWarnings(warnings);
            } catch (ApiException e) {
                if (e.code() != 409 || !"AlreadyExists".equals(e.reason())) {
                    throw e;
                }
            }
        }
        ObjectNode updated = objects.guaranteedUpdate(type, namespace, name, null,
                current -> mergeApplied(current, config, meta, manager, apiVersion), request.dryRun(),
                (current, merged) -> recordApply(current, merged, config, meta, manager, apiVersion, force, time));
        return Reply.ok(updated).withWarnings(warnings);
    }

    /** Apply in one step (what the handler does in two, around admission): for tests. */
    static ObjectNode applyTo(ObjectNode current, ObjectNode config, PatchMeta meta, String manager, String apiVersion,
                              boolean force, String time) {
        ObjectNode merged = mergeApplied(current, config, meta, manager, apiVersion);
        recordApply(current, merged, config, meta, manager, apiVersion, force, time);
        return merged;
    }

    /**
     * The live object with {@code config} applied: without what the manager applied before and no longer
     * does (unless another manager owns it), the configuration merged in with the strategic semantics.
     */
    static ObjectNode mergeApplied(ObjectNode current, ObjectNode config, PatchMeta meta, String manager,
                                   String apiVersion) {
        ObjectNode trimmed = current.deepCopy();
        FieldOwnership.Entry mine = null;
        List<JsonNode> others = new ArrayList<>();
        for (FieldOwnership.Entry entry : FieldOwnership.entries(current.path("metadata").get("managedFields"))) {
            if (entry.is(manager, "Apply", apiVersion, null)) {
                mine = entry;
            } else {
                others.add(FieldPaths.toFieldsV1(entry.fields));
            }
        }
        if (mine != null) {
            ManagedFields.removeDropped(trimmed, FieldPaths.toFieldsV1(mine.fields),
                    FieldPaths.toFieldsV1(FieldPaths.of(config, meta, current).keySet()), others);
        }
        return meta.known() ? StrategicMergePatch.apply(trimmed, config, meta) : (ObjectNode) MergePatch.apply(trimmed, config);
    }

    /**
     * Sets the managedFields of {@code merged} (the applied object, defaulted) from those of {@code current}
     * (null on create): the applier owns the fields of {@code config}; those it changes and other managers
     * own are conflicts (409) unless forced, which takes them from the others.
     */
    static void recordApply(ObjectNode current, ObjectNode merged, ObjectNode config, PatchMeta meta, String manager,
                            String apiVersion, boolean force, String time) {
        Set<List<String>> applied = FieldPaths.of(config, meta, merged).keySet();
        List<FieldOwnership.Entry> entries = FieldOwnership.entries(
                current == null ? null : current.path("metadata").get("managedFields"));
        FieldOwnership.Entry mine = null;
        List<FieldOwnership.Entry> others = new ArrayList<>();
        for (FieldOwnership.Entry entry : entries) {
            if (entry.is(manager, "Apply", apiVersion, null)) {
                mine = entry;
            } else {
                others.add(entry);
            }
        }
        List<FieldOwnership.Conflict> conflicts = current == null ? List.of()
                : FieldOwnership.conflicts(FieldPaths.of(current, meta), FieldPaths.of(merged, meta), applied, others);
        if (!conflicts.isEmpty()) {
            if (!force) {
                throw FieldOwnership.conflictError(conflicts);
            }
            for (FieldOwnership.Conflict conflict : conflicts) {
                conflict.owner().fields.remove(conflict.path());
            }
        }
        boolean same = mine != null && current != null && mine.fields.equals(applied) && conflicts.isEmpty()
                && sameObject(current, merged);
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
    }

    private static boolean sameObject(ObjectNode a, ObjectNode b) {
        return Json.equalExcept(a, b, java.util.Set.of(), java.util.Set.of("managedFields"));
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
