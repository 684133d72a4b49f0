package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.registry.DeleteOptions;
import io.kuberaf.apiserver.registry.ListOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import io.kuberaf.apiserver.table.Tables;
import io.kuberaf.apiserver.watch.CachedEvent;
import io.kuberaf.apiserver.watch.WatchCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kinds served from CustomResourceDefinitions: those stored as objects (followed through the
 * watch cache, so every apiserver of the cluster serves them, and restored at start) and those
 * vendor bundles publish. Both go through {@link CrdDefinitions#servedKinds}; a definition whose
 * group and plural another source already serves is refused.
 * <p>
 * Deleting a stored CRD runs kube-apiserver's {@code customresourcecleanup.apiextensions.k8s.io}
 * finalizer: its objects are deleted, then the finalizer is removed and the kind stops being served.
 */
public final class CustomResources implements AutoCloseable {

    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
    /** The source of kinds defined by stored CRD objects. */
    public static final String STORED = "CustomResourceDefinition object";

    private static final Logger LOG = LoggerFactory.getLogger(CustomResources.class);
    private static final String CRD_PREFIX = CrdDefinitions.crdType().keyPrefix();

    private record Installed(String source, List<CustomKind> kinds) {
    }

    private final ResourceRegistry resources;
    private final Tables tables;
    private final Map<String, Installed> installed = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> published = new LinkedHashMap<>();
    private final ScheduledExecutorService cleanups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kuberaf-crd-cleanup");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.Set<String> cleaning = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ObjectRegistry objects;
    private WatchCache.Subscription subscription;

    public CustomResources(ResourceRegistry resources, Tables tables) {
        this.resources = resources;
        this.tables = tables;
    }

    // ---- stored definitions ----

    /** Serves the stored CRDs, then follows their changes. */
    public void start(ObjectRegistry objects, WatchCache cache) {
        this.objects = objects;
        ObjectNode list = objects.list(CrdDefinitions.crdType(), null, ListOptions.ALL);
        list.path("items").forEach(crd -> sync((ObjectNode) crd));
        long revision = Long.parseLong(list.path("metadata").path("resourceVersion").asText("0"));
        subscription = cache.subscribe(CRD_PREFIX, revision, this::changed, () -> cleanups.execute(() -> start(objects, cache)));
        LOG.info("Serving {} kinds from CustomResourceDefinitions", installed.size());
    }

    private void changed(CachedEvent event) {
        if (event.kind() == CachedEvent.Kind.DELETE) {
            removed(event.object());
        } else {
            sync(event.object());
        }
    }

    /** A stored CRD was created or changed: serve what it defines now (idempotent). */
    public synchronized void sync(ObjectNode crd) {
        String name = crd.path("metadata").path("name").asText();
        Installed current = installed.get(name);
        if (current != null && !current.source().equals(STORED)) {
            return; // a bundle's definition with this name was there first; the CRD's status says so
        }
        if (!namesAccepted(crd) || !CrdDefinitions.validate(crd).isEmpty()) {
            return;
        }
        install(name, STORED, CrdDefinitions.servedKinds(crd));
        if (crd.path("metadata").hasNonNull("deletionTimestamp") && hasFinalizer(crd) && cleaning.add(name)) {
            cleanups.execute(() -> cleanup(name));
        }
    }

    /** A stored CRD is gone: its kinds are no longer served; a bundle's definition it held back is served now. */
    public synchronized void removed(ObjectNode crd) {
        String name = crd.path("metadata").path("name").asText();
        Installed current = installed.get(name);
        if (current != null && current.source().equals(STORED)) {
            uninstall(name);
            LOG.info("CustomResourceDefinition {} deleted; its kinds are no longer served", name);
            republish();
        }
    }

    private static boolean namesAccepted(ObjectNode crd) {
        for (JsonNode condition : crd.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("NamesAccepted")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return true;
    }

    private static boolean hasFinalizer(ObjectNode crd) {
        for (JsonNode finalizer : crd.path("metadata").path("finalizers")) {
            if (finalizer.asText().equals(CLEANUP_FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    /** Deletes the objects of a CRD being deleted, then lets the CRD go; retried while objects remain. */
    private void cleanup(String name) {
        ResourceType crdType = CrdDefinitions.crdType();
        Optional<ObjectNode> crd = objects.find(crdType, null, name);
        if (crd.isEmpty() || !crd.get().path("metadata").hasNonNull("deletionTimestamp") || !hasFinalizer(crd.get())) {
            cleaning.remove(name);
            return;
        }
        try {
            List<CustomKind> kinds = CrdDefinitions.servedKinds(crd.get());
            if (!kinds.isEmpty() && !deleteObjects(kinds.get(0).type())) {
                cleanups.schedule(() -> cleanup(name), 1, TimeUnit.SECONDS);
                return;
            }
            objects.guaranteedUpdate(crdType, null, name, null, current -> {
                ArrayNode kept = Json.MAPPER.createArrayNode();
                current.path("metadata").path("finalizers").forEach(f -> {
                    if (!f.asText().equals(CLEANUP_FINALIZER)) {
                        kept.add(f);
                    }
                });
                Json.object(current, "metadata").set("finalizers", kept);
                return current;
            }, false);
            cleaning.remove(name);
        } catch (RuntimeException e) {
            LOG.warn("Cleaning up the objects of CustomResourceDefinition {} failed ({}); retrying", name, e.toString());
            cleanups.schedule(() -> cleanup(name), 1, TimeUnit.SECONDS);
        }
    }

    /** Deletes every object of the kind; true when none is left (objects with finalizers may stay a while). */
    private boolean deleteObjects(ResourceType type) {
        ObjectNode list = objects.list(type, null, ListOptions.ALL);
        for (JsonNode item : list.path("items")) {
            JsonNode meta = item.path("metadata");
            try {
                objects.delete(type, Json.text(meta, "namespace"), meta.path("name").asText(), DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return objects.list(type, null, ListOptions.ALL).path("items").isEmpty();
    }

    /** Whether the CRD of that name is being deleted (its kind takes no new objects then). */
    public boolean terminating(String crdName) {
        return cleaning.contains(crdName);
    }

    /** Whether a definition being created or updated as a CRD object conflicts with what is served; the reason if so. */
    public synchronized String conflict(ObjectNode crd) {
        String group = crd.path("spec").path("group").asText();
        String plural = crd.path("spec").path("names").path("plural").asText();
        String name = crd.path("metadata").path("name").asText();
        Installed current = installed.get(name);
        if (current != null && !current.source().equals(STORED)) {
            return "\"" + plural + "\" is already in use by " + current.source();
        }
        return builtinConflict(group, plural) ? "\"" + plural + "\" is already served by a built-in type" : null;
    }

    private boolean builtinConflict(String group, String plural) {
        return resources.all().stream().anyMatch(t -> t.group().equals(group) && t.plural().equals(plural)
                && resources.custom(t).isEmpty());
    }

    // ---- published definitions ----

    /** Serves the definitions a bundle publishes; those that conflict with served kinds are refused and logged. */
    public synchronized void publish(String source, List<ObjectNode> definitions) {
        published.put(source, definitions);
        for (ObjectNode crd : definitions) {
            servePublished(source, crd);
        }
    }

    private void servePublished(String source, ObjectNode crd) {
        CrdDefinitions.applyDefaults(crd);
        String name = crd.path("metadata").path("name").asText();
        List<ApiException.Cause> causes = CrdDefinitions.validate(crd);
        if (!causes.isEmpty()) {
            LOG.error("Kinds of {} refused: the definition {} is invalid: {}", source, name, causes.stream()
                    .map(c -> c.field() + ": " + c.message()).toList());
            return;
        }
        Installed current = installed.get(name);
        if (current != null && !current.source().equals(source)) {
            LOG.error("Kinds of {} refused: {} is already served from {}", source, name, current.source());
            return;
        }
        String group = crd.path("spec").path("group").asText();
        String plural = crd.path("spec").path("names").path("plural").asText();
        if (builtinConflict(group, plural)) {
            LOG.error("Kinds of {} refused: {}.{} is a built-in type", source, plural, group);
            return;
        }
        if (objects != null && objects.find(CrdDefinitions.crdType(), null, name).isPresent()) {
            LOG.error("Kinds of {} refused: a CustomResourceDefinition object named {} exists", source, name);
            return;
        }
        install(name, source, CrdDefinitions.servedKinds(crd));
        LOG.info("Serving {} from {}", name, source);
    }

    /** Stops serving a bundle's kinds; their stored objects stay. */
    public synchronized void withdraw(String source) {
        published.remove(source);
        for (String name : new ArrayList<>(installed.keySet())) {
            if (installed.get(name).source().equals(source)) {
                uninstall(name);
                LOG.info("{} no longer served: {} withdrew it (its objects are kept)", name, source);
            }
        }
        republish();
    }

    private void republish() {
        published.forEach((source, definitions) -> definitions.forEach(crd -> {
            if (!installed.containsKey(crd.path("metadata").path("name").asText())) {
                servePublished(source, crd);
            }
        }));
    }

    // ---- serving ----

    private void install(String name, String source, List<CustomKind> kinds) {
        Installed previous = installed.get(name);
        if (previous != null) {
            previous.kinds().stream().filter(k -> kinds.stream().noneMatch(n -> n.type().version().equals(k.type().version())))
                    .forEach(this::hide);
        }
        for (CustomKind kind : kinds) {
            resources.add(kind);
            tables.register(kind.type().apiVersion(), kind.type().kind(), new CustomTable(kind.columns()));
        }
        installed.put(name, new Installed(source, kinds));
    }

    private void uninstall(String name) {
        Installed previous = installed.remove(name);
        if (previous != null) {
            previous.kinds().forEach(this::hide);
        }
    }

    private void hide(CustomKind kind) {
        resources.remove(kind.type());
        tables.unregister(kind.type().apiVersion(), kind.type().kind());
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        cleanups.shutdownNow();
    }
}
