package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.admission.Admission;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiException.Cause;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.registry.ObjectRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Admission of CustomResourceDefinitions (defaults, validation, status, the cleanup finalizer) and of
 * custom objects (pruning, schema defaults, schema validation); every other kind goes to the
 * built-in admission it wraps.
 */
public final class CustomAdmission implements Admission {

    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Admission builtin;
    private final ResourceRegistry resources;
    private final CustomResources customResources;
    private final Clock clock;

    public CustomAdmission(Admission builtin, ResourceRegistry resources, CustomResources customResources, Clock clock) {
        this.builtin = builtin;
        this.resources = resources;
        this.customResources = customResources;
        this.clock = clock;
    }

    @Override
    public void admitCreate(ResourceType type, ObjectNode object) {
        if (isCrd(type)) {
            admitDefinition(object, null);
            ObjectNode meta = Json.object(object, "metadata");
            ArrayNode finalizers = meta.get("finalizers") instanceof ArrayNode list ? list : meta.putArray("finalizers");
            if (!contains(finalizers, CustomResources.CLEANUP_FINALIZER)) {
                finalizers.add(CustomResources.CLEANUP_FINALIZER);
            }
            return;
        }
        Optional<CustomKind> kind = resources.custom(type);
        if (kind.isEmpty()) {
            builtin.admitCreate(type, object);
            return;
        }
        if (customResources.terminating(kind.get().crdName())) {
            throw ApiException.methodNotAllowed("create not allowed while custom resource definition is terminating");
        }
        admitObject(kind.get(), object);
    }

    @Override
    public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        if (isCrd(type)) {
            admitDefinition(object, old);
            return;
        }
        Optional<CustomKind> kind = resources.custom(type);
        if (kind.isEmpty()) {
            builtin.admitUpdate(type, object, old);
            return;
        }
        admitObject(kind.get(), object);
    }

    @Override
    public void written(ResourceType type, ObjectNode object, ObjectNode old) {
        builtin.written(type, object, old);
        if (isCrd(type)) {
            customResources.sync(object); // served at once by this apiserver; the others follow the watch
        }
    }

    @Override
    public void notWritten(ResourceType type, ObjectNode object, ObjectNode old) {
        builtin.notWritten(type, object, old);
    }

    @Override
    public void deleted(ResourceType type, ObjectNode object) {
        builtin.deleted(type, object);
        if (isCrd(type)) {
            customResources.removed(object);
        }
    }

    @Override
    public void restore(List<ResourceType> types, Function<ResourceType, List<ObjectNode>> stored) {
        builtin.restore(types, stored);
    }

    private static boolean isCrd(ResourceType type) {
        return type.group().equals(CrdDefinitions.GROUP) && type.kind().equals(CrdDefinitions.KIND);
    }

    // ---- custom objects ----

    private void admitObject(CustomKind kind, ObjectNode object) {
        List<Cause> causes = new ArrayList<>();
        String name = object.path("metadata").path("name").asText("");
        if (!DNS1123_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must "
                    + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                    + "character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", "metadata.name"));
        }
        StructuralSchema.prune(kind.schema(), object, new ArrayList<>());
        StructuralSchema.applyDefaults(kind.schema(), object);
        causes.addAll(StructuralSchema.validate(kind.schema(), object));
        if (!causes.isEmpty()) {
            throw invalid(kind.type().group(), kind.type().kind(), name, causes);
        }
    }

    /** 422 as kube-apiserver words it for a kind with a group: {@code Hello.example.com "x" is invalid: ...}. */
    static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
        List<String> parts = new ArrayList<>();
        for (Cause cause : causes) {
            parts.add(cause.field() + ": " + cause.message());
        }
        String message = kind + "." + group + " \"" + name + "\" is invalid: "
                + (parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]");
        return new ApiException(422, "Invalid", message, group, kind, name, causes);
    }

    // ---- definitions ----

    private void admitDefinition(ObjectNode crd, ObjectNode old) {
        CrdDefinitions.applyDefaults(crd);
        List<Cause> causes = CrdDefinitions.validate(crd);
        String name = crd.path("metadata").path("name").asText("");
        if (old != null) {
            immutable(crd, old, "spec.group", causes);
            immutable(crd, old, "spec.scope", causes);
        }
        if (!causes.isEmpty()) {
            throw invalid(CrdDefinitions.GROUP, CrdDefinitions.KIND, name, causes);
        }
        crd.set("status", status(crd, old));
    }

    private static void immutable(ObjectNode crd, ObjectNode old, String path, List<Cause> causes) {
        String[] fields = path.split("\\.");
        JsonNode now = crd.path(fields[0]).path(fields[1]);
        JsonNode before = old.path(fields[0]).path(fields[1]);
        if (!now.equals(before)) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + now + ": field is immutable", path));
        }
    }

    /** NamesAccepted and Established (or why not), acceptedNames and storedVersions, as the CRD controllers set them. */
    private ObjectNode status(ObjectNode crd, ObjectNode old) {
        JsonNode oldStatus = old == null ? Json.MAPPER.createObjectNode() : old.path("status");
        String conflict = customResources.conflict(crd);
        ObjectNode status = Json.MAPPER.createObjectNode();
        ArrayNode conditions = status.putArray("conditions");
        conditions.add(condition(oldStatus, "NamesAccepted", conflict == null, conflict == null ? "NoConflicts" : "NameConflict",
                conflict == null ? "no conflicts found" : conflict));
        conditions.add(condition(oldStatus, "Established", conflict == null,
                conflict == null ? "InitialNamesAccepted" : "NotAccepted",
                conflict == null ? "the initial names have been accepted" : "not all names are accepted"));
        status.set("acceptedNames", conflict == null ? crd.path("spec").path("names").deepCopy()
                : oldStatus.path("acceptedNames").isObject() ? oldStatus.get("acceptedNames").deepCopy()
                : Json.MAPPER.createObjectNode().put("plural", "").put("kind", ""));
        ArrayNode stored = status.putArray("storedVersions");
        oldStatus.path("storedVersions").forEach(stored::add);
        String storage = CrdDefinitions.storageVersion(crd);
        if (storage != null && !contains(stored, storage)) {
            stored.add(storage);
        }
        return status;
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode node : array) {
            if (node.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode condition(JsonNode oldStatus, String type, boolean ok, String reason, String message) {
        String value = ok ? "True" : "False";
        String since = ObjectRegistry.timestamp(clock.instant());
        for (JsonNode previous : oldStatus.path("conditions")) {
            if (previous.path("type").asText().equals(type) && previous.path("status").asText().equals(value)
                    && previous.hasNonNull("lastTransitionTime")) {
                since = previous.get("lastTransitionTime").asText();
            }
        }
        ObjectNode condition = Json.MAPPER.createObjectNode();
        condition.put("type", type);
        condition.put("status", value);
        condition.put("lastTransitionTime", since);
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }
}
