package io.kuberaf.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.api.store.CompactedException;
import io.kuberaf.api.store.ConflictException;
import io.kuberaf.api.store.FutureRevisionException;
import io.kuberaf.api.store.KeyExistsException;
import io.kuberaf.api.store.KeyNotFoundException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.apiserver.admission.Admission;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Objects of any kind in the store, with kube-apiserver's generic registry semantics: metadata
 * (uid, creationTimestamp, generation, resourceVersion), optimistic concurrency, graceful
 * deletion and finalizers, consistent paged lists. Kind-specific rules live in {@link Admission}.
 *
 * Stored bytes are the object's JSON without {@code metadata.resourceVersion}; the store's
 * modification revision is the resourceVersion, set on the way out.
 */
public final class ObjectRegistry {

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_UPDATE_ATTEMPTS = 16;

    private final ResourceStore store;
    private final ResourceRegistry resources;
    private final Admission admission;
    private final Clock clock;
    private final long eventTtlSeconds;
    private final SecureRandom random = new SecureRandom();

    public ObjectRegistry(ResourceStore store, ResourceRegistry resources, Admission admission, Clock clock, long eventTtlSeconds) {
        this.store = store;
        this.resources = resources;
        this.admission = admission;
        this.clock = clock;
        this.eventTtlSeconds = eventTtlSeconds;
    }

    // ---- create ----

    /**
     * What the handler does to an object after admission (defaults included) and before it is written:
     * it records field ownership (metadata.managedFields) there. Arguments: the stored object (null
     * for a create), not to be changed, and the object about to be written.
     */
    @FunctionalInterface
    public interface BeforeWrite {
        BeforeWrite NONE = (current, updated) -> { };

        void accept(ObjectNode current, ObjectNode updated);
    }

    public ObjectNode create(ResourceType type, String namespace, ObjectNode body, boolean dryRun) {
        return create(type, namespace, body, dryRun, BeforeWrite.NONE);
    }

    public ObjectNode create(ResourceType type, String namespace, ObjectNode body, boolean dryRun, BeforeWrite beforeWrite) {
        ObjectNode object = body.deepCopy();
        checkKind(type, object);
        ObjectNode meta = Json.object(object, "metadata");
        String name = nameForCreate(type, meta);
        if (type.namespaced()) {
            String inBody = Json.text(meta, "namespace");
            if (inBody != null && !inBody.isEmpty() && namespace != null && !inBody.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            namespace = namespace != null ? namespace : inBody;
            if (namespace == null || namespace.isEmpty()) {
                namespace = "default";
            }
            meta.put("namespace", namespace);
            requireActiveNamespace(namespace);
        } else {
            meta.remove("namespace");
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", timestamp(now()));
        meta.put("generation", 1);
        meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
        admission.admitCreate(type, object);
        try {
            beforeWrite.accept(null, object);
        } catch (RuntimeException e) {
            admission.notWritten(type, object, null);
            throw e;
        }
        if (dryRun) {
            admission.notWritten(type, object, null);
            return object;
        }
        long ttl = type.kind().equals("Event") ? eventTtlSeconds : 0;
        KeyValue kv;
        try {
            kv = store.create(type.key(namespace, name), stored(type, object), ttl);
        } catch (KeyExistsException e) {
            admission.notWritten(type, object, null);
            throw ApiException.alreadyExists(type.qualifiedName(), name);
        } catch (RuntimeException e) {
            admission.notWritten(type, object, null);
            throw e;
        }
        admission.written(type, object, null);
        return withVersion(object, kv.modRevision());
    }

    private String nameForCreate(ResourceType type, ObjectNode meta) {
        String name = Json.text(meta, "name");
        if (name == null || name.isEmpty()) {
            String generateName = Json.text(meta, "generateName");
            if (generateName == null || generateName.isEmpty()) {
                throw ApiException.invalid(type.group(), type.kind(), "", List.of(new ApiException.Cause(
                        "FieldValueRequired", "Required value: name or generateName is required", "metadata.name")));
            }
            StringBuilder generated = new StringBuilder(generateName);
            for (int i = 0; i < 5; i++) {
                generated.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
            }
            name = generated.toString();
            meta.put("name", name);
        }
        checkPathSegment(type, name);
        return name;
    }

    // ---- read ----

    public ObjectNode get(ResourceType type, String namespace, String name) {
        return current(type, namespace, name).object();
    }

    public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
        return store.get(type.key(namespace, name)).map(kv -> fromStore(type, kv));
    }

    /** One page of objects (all of them when the limit is 0), at one consistent revision. */
    public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
        long revision = listRevision(options);
        String startAfter = null;
        if (options.continueToken() != null && !options.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            revision = token.revision();
            startAfter = token.lastKey();
        }
        String prefix = type.collectionPrefix(namespace);
        String name = options.fields().requiredName();
        List<ObjectNode> items = new ArrayList<>();
        String continueKey = null;
        long remaining = -1;
        long limit = options.limit();
        try {
            while (true) {
                int pageSize = limit > 0 ? (int) Math.min(Math.max(limit - items.size(), 1), 5000) : 0;
                ListResult page = store.list(prefix, startAfter, options.filters() && limit > 0 ? Math.max(pageSize, 100) : pageSize,
                        revision);
                revision = page.revision();
                Iterator<KeyValue> kvs = page.items().iterator();
                String lastKey = null;
                while (kvs.hasNext()) {
                    KeyValue kv = kvs.next();
                    lastKey = kv.key();
                    if (name != null && !kv.key().endsWith("/" + name)) {
                        continue;
                    }
                    ObjectNode object = fromStore(type, kv);
                    if (matches(object, options)) {
                        items.add(object);
                    }
                    if (limit > 0 && items.size() >= limit) {
                        break;
                    }
                }
                boolean more = page.hasMore() || kvs.hasNext();
                if (limit > 0 && items.size() >= limit) {
                    continueKey = more ? lastKey : null;
                    remaining = !options.filters() && more ? page.remaining() + countRest(kvs) : -1;
                    break;
                }
                if (!page.hasMore()) {
                    break;
                }
                startAfter = page.continueKey();
            }
        } catch (CompactedException e) {
            if (options.continueToken() != null) {
                throw ApiException.gone("The provided continue parameter is too old to display a consistent list result. "
                        + "You can start a new list without the continue parameter.");
            }
            throw ApiException.gone("too old resource version: " + options.resourceVersion() + " (" + (e.compactedRevision() + 1) + ")");
        } catch (FutureRevisionException e) {
            throw new ApiException(504, "Timeout", "Too large resource version: " + options.resourceVersion()
                    + ", current: " + store.currentRevision());
        }
        return listObject(type, items, revision, continueKey, remaining);
    }

    private static long countRest(Iterator<KeyValue> kvs) {
        long n = 0;
        while (kvs.hasNext()) {
            kvs.next();
            n++;
        }
        return n;
    }

    private long listRevision(ListOptions options) {
        String rv = options.resourceVersion();
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            return 0;
        }
        long revision = parseResourceVersion(rv);
        if ("Exact".equals(options.resourceVersionMatch())) {
            return revision;
        }
        long current = store.currentRevision();
        if (revision > current) {
            throw new ApiException(504, "Timeout", "Too large resource version: " + revision + ", current: " + current);
        }
        return 0;
    }

    public static long parseResourceVersion(String rv) {
        try {
            long value = Long.parseLong(rv);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer");
        }
    }

    public static boolean matches(ObjectNode object, ListOptions options) {
        return options.labels().matches(labels(object)) && options.fields().matches(object);
    }

    public static java.util.Map<String, String> labels(ObjectNode object) {
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public ObjectNode listObject(ResourceType type, List<ObjectNode> items, long revision, String continueKey, long remaining) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(revision));
        if (continueKey != null) {
            meta.put("continue", new ContinueToken(revision, continueKey).encode());
            if (remaining >= 0) {
                meta.put("remainingItemCount", remaining);
            }
        }
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return list;
    }

    // ---- update ----

    /**
     * Replaces an object (PUT) or one of its subresources ("status"). The body's resourceVersion,
     * when set, must be the current one.
     */
    public ObjectNode update(ResourceType type, String namespace, String name, String subresource, ObjectNode body, boolean dryRun) {
        return update(type, namespace, name, subresource, body, dryRun, (current, desired) -> { });
    }

    /**
     * {@link #update(ResourceType, String, String, String, ObjectNode, boolean)} with a hook that sees the
     * current object and (may adjust) the desired one before it is written: the handler records field
     * ownership (managedFields) there.
     */
    public ObjectNode update(ResourceType type, String namespace, String name, String subresource, ObjectNode body,
                             boolean dryRun, java.util.function.BiConsumer<ObjectNode, ObjectNode> beforeWrite) {
        checkKind(type, body);
        String bodyName = Json.text(body.path("metadata"), "name");
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        String bodyNamespace = Json.text(body.path("metadata"), "namespace");
        if (type.namespaced() && bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        return guaranteedUpdate(type, namespace, name, subresource, current -> {
            ObjectNode desired = body.deepCopy();
            beforeWrite.accept(current.deepCopy(), desired);
            return desired;
        }, dryRun);
    }

    /**
     * Reads the object, lets {@code change} compute the desired one from a copy, writes it with
     * compare-and-swap, and retries on a concurrent write unless the desired object names the
     * resourceVersion it was based on (then a stale one is a 409 Conflict).
     */
    public ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, String subresource,
                                       UnaryOperator<ObjectNode> change, boolean dryRun) {
        return guaranteedUpdate(type, namespace, name, subresource, change, dryRun, BeforeWrite.NONE);
    }

    public ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, String subresource,
                                       UnaryOperator<ObjectNode> change, boolean dryRun, BeforeWrite beforeWrite) {
        for (int attempt = 0; ; attempt++) {
            Stored current = current(type, namespace, name);
            ObjectNode desired = change.apply(current.object().deepCopy());
            String precondition = Json.text(desired.path("metadata"), "resourceVersion");
            if (precondition != null && !precondition.isEmpty()
                    && parseResourceVersion(precondition) != current.revision()) {
                throw ApiException.conflict(type.qualifiedName(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode updated = prepareUpdate(type, subresource, desired, current.object());
            if (isFinalized(updated)) {
                ObjectNode deleted = deleteNow(type, namespace, name, current, dryRun);
                if (deleted != null) {
                    return deleted;
                }
                requireAnotherAttempt(type, name, attempt);
                continue;
            }
            admission.admitUpdate(type, updated, current.object());
            try {
                beforeWrite.accept(current.object(), updated);
            } catch (RuntimeException e) {
                admission.notWritten(type, updated, current.object());
                throw e;
            }
            boolean unchanged = sameContent(updated, current.object());
            if (unchanged || dryRun) {
                admission.notWritten(type, updated, current.object());
                return unchanged ? current.object() : updated;
            }
            KeyValue kv;
            try {
                kv = store.update(type.key(namespace, name), stored(type, updated), current.revision(), ttlOf(type));
            } catch (ConflictException e) {
                admission.notWritten(type, updated, current.object());
                // Retry on a fresh read: a resourceVersion the client gave is checked again above
                // and fails there if stale; one merely carried over from the read passes.
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw ApiException.conflict(type.qualifiedName(), name,
                            "the object has been modified; please apply your changes to the latest version and try again");
                }
                continue;
            } catch (KeyNotFoundException e) {
                admission.notWritten(type, updated, current.object());
                throw ApiException.notFound(type.qualifiedName(), name);
            } catch (RuntimeException e) {
                admission.notWritten(type, updated, current.object());
                throw e;
            }
            admission.written(type, updated, current.object());
            return withVersion(updated, kv.modRevision());
        }
    }

    private ObjectNode prepareUpdate(ResourceType type, String subresource, ObjectNode desired, ObjectNode old) {
        ObjectNode updated;
        if ("status".equals(subresource)) {
            updated = old.deepCopy();
            JsonNode managedFields = desired.path("metadata").get("managedFields");
            if (managedFields != null) {
                Json.object(updated, "metadata").set("managedFields", managedFields);
            }
            JsonNode status = desired.get("status");
            if (status == null) {
                updated.remove("status");
            } else {
                updated.set("status", status);
            }
            return updated;
        }
        if ("finalize".equals(subresource)) {
            return withNamespaceFinalizers(old.deepCopy(), desired);
        }
        updated = desired;
        checkKind(type, updated);
        if (isNamespace(old)) {
            // as kube-apiserver: a namespace's spec.finalizers change only through namespaces/{name}/finalize
            withNamespaceFinalizers(updated, old);
        }
        ObjectNode meta = Json.object(updated, "metadata");
        JsonNode oldMeta = old.path("metadata");
        for (String immutable : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds")) {
            if (oldMeta.has(immutable)) {
                meta.set(immutable, oldMeta.get(immutable));
            } else {
                meta.remove(immutable);
            }
        }
        if (type.subresource("status") != null) {
            if (old.has("status")) {
                updated.set("status", old.get("status"));
            } else {
                updated.remove("status");
            }
        }
        long generation = oldMeta.path("generation").asLong(1);
        meta.put("generation", specChanged(updated, old) ? generation + 1 : generation);
        return updated;
    }

    /** {@code target} with the spec.finalizers of {@code source}. */
    private static ObjectNode withNamespaceFinalizers(ObjectNode target, ObjectNode source) {
        JsonNode finalizers = source.path("spec").get("finalizers");
        if (finalizers == null || finalizers.isNull()) {
            if (target.get("spec") instanceof ObjectNode spec) {
                spec.remove("finalizers");
            }
        } else {
            Json.object(target, "spec").set("finalizers", finalizers.deepCopy());
        }
        return target;
    }

    private static boolean specChanged(ObjectNode updated, ObjectNode old) {
        return !Json.equalExcept(updated, old, java.util.Set.of("metadata", "status"), java.util.Set.of());
    }

    private static boolean sameContent(ObjectNode a, ObjectNode b) {
        return Json.equalExcept(a, b, java.util.Set.of(), java.util.Set.of("resourceVersion"));
    }

    private static boolean isFinalized(ObjectNode object) {
        JsonNode meta = object.path("metadata");
        return meta.hasNonNull("deletionTimestamp") && meta.path("finalizers").isEmpty()
                && !object.path("kind").asText().equals("Pod")
                && (!isNamespace(object) || object.path("spec").path("finalizers").isEmpty());
    }

    private static boolean isNamespace(ObjectNode object) {
        return object.path("kind").asText().equals("Namespace") && object.path("apiVersion").asText().equals("v1");
    }

    // ---- delete ----

    /**
     * Deletes an object, or marks it for deletion when finalizers or a pod's grace period say it
     * must stay a while. Returns the object as it was deleted or marked.
     */
    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        for (int attempt = 0; ; attempt++) {
            Stored current = current(type, namespace, name);
            checkPreconditions(type, name, current, options);
            ObjectNode marked = markForDeletion(type, current.object(), options);
            if (marked == null) {
                ObjectNode deleted = deleteNow(type, namespace, name, current, options.dryRun());
                if (deleted != null) {
                    return deleted;
                }
                requireAnotherAttempt(type, name, attempt);
                continue;
            }
            if (options.dryRun() || sameContent(marked, current.object())) {
                return marked;
            }
            try {
                KeyValue kv = store.update(type.key(namespace, name), stored(type, marked), current.revision(), ttlOf(type));
                return withVersion(marked, kv.modRevision());
            } catch (ConflictException e) {
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw ApiException.conflict(type.qualifiedName(), name, "the object is being modified; try again");
                }
            } catch (KeyNotFoundException e) {
                throw ApiException.notFound(type.qualifiedName(), name);
            }
        }
    }

    /** The object with deletionTimestamp (and finalizers of the propagation policy) set, or null to delete it now. */
    private ObjectNode markForDeletion(ResourceType type, ObjectNode object, DeleteOptions options) {
        ObjectNode marked = object.deepCopy();
        ObjectNode meta = Json.object(marked, "metadata");
        ArrayNode finalizers = meta.path("finalizers").isArray() ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        String policyFinalizer = "Orphan".equals(options.propagationPolicy()) ? "orphan"
                : "Foreground".equals(options.propagationPolicy()) ? "foregroundDeletion" : null;
        if (policyFinalizer != null && !contains(finalizers, policyFinalizer)) {
            finalizers.add(policyFinalizer);
        }
        long grace = gracePeriod(type, object, options);
        boolean gracefulPod = grace > 0;
        boolean namespaceFinalizers = isNamespace(marked) && !marked.path("spec").path("finalizers").isEmpty();
        if (finalizers.isEmpty() && !gracefulPod && !namespaceFinalizers) {
            return null;
        }
        if (isNamespace(marked)) {
            // the namespace controller empties it, then removes its "kubernetes" finalizer through /finalize
            Json.object(marked, "status").put("phase", "Terminating");
        }
        if (finalizers.isEmpty()) {
            meta.remove("finalizers");
        }
        Instant now = now();
        if (!meta.hasNonNull("deletionTimestamp") || gracefulPod
                && Instant.parse(meta.get("deletionTimestamp").asText()).isAfter(now.plusSeconds(grace))) {
            meta.put("deletionTimestamp", timestamp(now.plusSeconds(grace)));
            meta.put("deletionGracePeriodSeconds", grace);
        }
        return marked;
    }

    /** Pods bound to a node get their grace period so the kubelet can stop them; everything else 0. */
    private static long gracePeriod(ResourceType type, ObjectNode object, DeleteOptions options) {
        if (!type.kind().equals("Pod") || !type.group().isEmpty()) {
            return 0;
        }
        String node = Json.text(object.path("spec"), "nodeName");
        String phase = object.path("status").path("phase").asText("");
        if (node == null || node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return Math.max(0, options.gracePeriodSeconds());
        }
        return object.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode node : array) {
            if (node.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void checkPreconditions(ResourceType type, String name, Stored current, DeleteOptions options) {
        String uid = Json.text(current.object().path("metadata"), "uid");
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw ApiException.conflict(type.qualifiedName(), name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + uid);
        }
        if (options.preconditionResourceVersion() != null
                && parseResourceVersion(options.preconditionResourceVersion()) != current.revision()) {
            throw ApiException.conflict(type.qualifiedName(), name, "Precondition failed: ResourceVersion in precondition: "
                    + options.preconditionResourceVersion() + ", ResourceVersion in object meta: " + current.revision());
        }
    }

    /**
     * Deletes the object at the revision read; null when it changed since (a status update landed in
     * between): the caller reads it again and decides anew, as kube-apiserver's delete retries.
     */
    private ObjectNode deleteNow(ResourceType type, String namespace, String name, Stored current, boolean dryRun) {
        if (dryRun) {
            return current.object();
        }
        try {
            store.delete(type.key(namespace, name), current.revision());
        } catch (ConflictException e) {
            return null;
        } catch (KeyNotFoundException e) {
            throw ApiException.notFound(type.qualifiedName(), name);
        }
        admission.deleted(type, current.object());
        return current.object();
    }

    private static void requireAnotherAttempt(ResourceType type, String name, int attempt) {
        if (attempt >= MAX_UPDATE_ATTEMPTS) {
            throw ApiException.conflict(type.qualifiedName(), name,
                    "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    public ObjectNode deleteCollection(ResourceType type, String namespace, ListOptions options, DeleteOptions deleteOptions) {
        ObjectNode list = list(type, namespace, options.selectorsOnly());
        List<ObjectNode> deleted = new ArrayList<>();
        for (JsonNode item : list.path("items")) {
            String name = item.path("metadata").path("name").asText();
            String ns = Json.text(item.path("metadata"), "namespace");
            try {
                deleted.add(delete(type, ns, name, deleteOptions));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return listObject(type, deleted, store.currentRevision(), null, -1);
    }

    // ---- helpers ----

    record Stored(ObjectNode object, long revision) {
    }

    private Stored current(ResourceType type, String namespace, String name) {
        KeyValue kv = store.get(type.key(namespace, name))
                .orElseThrow(() -> ApiException.notFound(type.qualifiedName(), name));
        return new Stored(fromStore(type, kv), kv.modRevision());
    }

    private void requireActiveNamespace(String namespace) {
        ResourceType namespaces = resources.find("", "v1", "namespaces").orElseThrow();
        ObjectNode ns = find(namespaces, null, namespace)
                .orElseThrow(() -> ApiException.notFound("namespaces", namespace));
        if (ns.path("metadata").hasNonNull("deletionTimestamp") || "Terminating".equals(ns.path("status").path("phase").asText())) {
            throw ApiException.forbidden("unable to create new content in namespace " + namespace + " because it is being terminated");
        }
    }

    private static void checkKind(ResourceType type, ObjectNode object) {
        String apiVersion = Json.text(object, "apiVersion");
        String kind = Json.text(object, "kind");
        if (apiVersion == null || apiVersion.isEmpty()) {
            object.put("apiVersion", type.apiVersion());
        } else if (!apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (kind == null || kind.isEmpty()) {
            object.put("kind", type.kind());
        } else if (!kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
    }

    private static void checkPathSegment(ResourceType type, String name) {
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
            throw ApiException.invalid(type.group(), type.kind(), name, List.of(new ApiException.Cause("FieldValueInvalid",
                    "Invalid value: \"" + name + "\": may not be '.' or '..' and may not contain '/' or '%'", "metadata.name")));
        }
    }

    private long ttlOf(ResourceType type) {
        return type.kind().equals("Event") ? eventTtlSeconds : 0;
    }

    /** The bytes to store: without resourceVersion, a custom kind's object in its storage version. */
    private byte[] stored(ResourceType type, ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        Json.object(copy, "metadata").remove("resourceVersion");
        resources.custom(type).ifPresent(kind -> copy.put("apiVersion", kind.storageApiVersion()));
        return Json.bytes(copy);
    }

    private ObjectNode fromStore(ResourceType type, KeyValue kv) {
        return withVersion(served(type, Json.readStored(kv.value())), kv.modRevision());
    }

    /**
     * A stored object as the version {@code type} serves it. Custom kinds convert with strategy None:
     * only the apiVersion changes. Returns {@code object} itself, or a changed copy.
     */
    public ObjectNode served(ResourceType type, ObjectNode object) {
        if (resources.custom(type).isEmpty() || type.apiVersion().equals(Json.text(object, "apiVersion"))) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", type.apiVersion());
        return copy;
    }

    public static ObjectNode withVersion(ObjectNode object, long revision) {
        Json.object(object, "metadata").put("resourceVersion", String.valueOf(revision));
        return object;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

}
