package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' garbage collector, driven by ownerReferences over every resource discovery lists
 * (one informer each, indexed by the uids of all owners an object names):
 * <ul>
 * <li>background: an object whose owners are all gone (checked with a live GET: no object, or one with
 *     another uid) is deleted; owners that are gone are dropped from an object that still has others;</li>
 * <li>foreground: an owner being deleted with the {@code foregroundDeletion} finalizer has its dependents
 *     deleted, and loses the finalizer (so the apiserver removes it) once no dependent with
 *     {@code blockOwnerDeletion} is left;</li>
 * <li>orphan: an owner being deleted with the {@code orphan} finalizer has its reference removed from
 *     every dependent, then loses the finalizer.</li>
 * </ul>
 * Keys are whole object identities ({@link ObjectKey}); an object's event queues itself, its owners,
 * and (when it is gone or being deleted) its dependents.
 */
public final class GarbageCollector implements AutoCloseable {

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";
    private static final String OWNER_UIDS = "allOwnerUids";
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final KubernetesClient client;
    private final Resources resources;
    private final Map<ResourceDefinitionContext, SharedIndexInformer<GenericKubernetesResource>> informers =
            new java.util.LinkedHashMap<>();
    private final Controller controller;
    private final Duration recheck;

    public GarbageCollector(KubernetesClient client, int workers, Duration recheck) {
        this.client = client;
        this.recheck = recheck;
        this.resources = Resources.discover(client);
        Controller.Builder builder = Controller.builder("garbage-collector").reconciler(this::reconcile).workers(workers);
        for (ResourceDefinitionContext context : resources.all()) {
            var operation = client.genericKubernetesResources(context);
            SharedIndexInformer<GenericKubernetesResource> informer = context.isNamespaceScoped()
                    ? operation.inAnyNamespace().runnableInformer(0) : operation.runnableInformer(0);
            informer.addIndexers(Map.of(OWNER_UIDS, object -> object.getMetadata().getOwnerReferences().stream()
                    .map(OwnerReference::getUid).toList()));
            informers.put(context, informer);
            builder.watch(informer, object -> keysFor(context, informer, object));
        }
        this.controller = builder.build();
    }

    /** Starts the informers, then the workers (once every informer has synced). */
    public void start() {
        informers.values().forEach(SharedIndexInformer::start);
        controller.start();
        LOG.info("Garbage collector watching {} resources", informers.size());
    }

    @Override
    public void close() {
        controller.close();
        informers.values().forEach(SharedIndexInformer::stop);
    }

    // ---- what an event queues ----

    private List<String> keysFor(ResourceDefinitionContext context, SharedIndexInformer<GenericKubernetesResource> informer,
                                 GenericKubernetesResource object) {
        List<String> keys = new ArrayList<>();
        ObjectKey self = keyOf(context, object);
        keys.add(self.text());
        for (OwnerReference reference : object.getMetadata().getOwnerReferences()) {
            boolean namespaced = resources.of(reference.getApiVersion(), reference.getKind())
                    .map(ResourceDefinitionContext::isNamespaceScoped).orElse(true);
            keys.add(ObjectKey.owner(object, reference, namespaced).text());
        }
        boolean gone = informer.getStore().getByKey(storeKey(self)) == null;
        if (gone || object.getMetadata().getDeletionTimestamp() != null) {
            dependentsOf(self.uid()).forEach(dependent -> keys.add(dependent.text()));
        }
        return keys;
    }

    private static ObjectKey keyOf(ResourceDefinitionContext context, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectKey(apiVersion(context), context.getKind(), namespace == null ? "" : namespace,
                object.getMetadata().getName(), object.getMetadata().getUid());
    }

    private static String apiVersion(ResourceDefinitionContext context) {
        return context.getGroup() == null || context.getGroup().isEmpty() ? context.getVersion()
                : context.getGroup() + "/" + context.getVersion();
    }

    private static String storeKey(ObjectKey key) {
        return key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
    }

    /** Objects (of every watched resource) that name {@code ownerUid} among their owners. */
    private List<ObjectKey> dependentsOf(String ownerUid) {
        List<ObjectKey> dependents = new ArrayList<>();
        informers.forEach((context, informer) -> {
            for (GenericKubernetesResource dependent : informer.getIndexer().byIndex(OWNER_UIDS, ownerUid)) {
                dependents.add(keyOf(context, dependent));
            }
        });
        return dependents;
    }

    // ---- reconcile ----

    Result reconcile(String text) {
        ObjectKey key = ObjectKey.parse(text);
        Optional<ResourceDefinitionContext> context = resources.of(key.apiVersion(), key.kind());
        if (context.isEmpty()) {
            return Result.done();
        }
        GenericKubernetesResource object = informers.get(context.get()).getStore().getByKey(storeKey(key));
        if (object == null || !key.uid().equals(object.getMetadata().getUid())) {
            return Result.done(); // gone: its dependents were queued by the deletion event
        }
        if (object.getMetadata().getDeletionTimestamp() != null) {
            List<String> finalizers = object.getMetadata().getFinalizers();
            if (finalizers.contains(ORPHAN)) {
                return orphanDependents(key, context.get());
            }
            if (finalizers.contains(FOREGROUND)) {
                return deleteDependentsFirst(key, context.get());
            }
            return Result.done();
        }
        if (!object.getMetadata().getOwnerReferences().isEmpty()) {
            attemptToDelete(key, context.get());
        }
        return Result.done();
    }

    /** Deletes an object none of whose owners exists any more; drops the references to absent owners otherwise. */
    private void attemptToDelete(ObjectKey key, ResourceDefinitionContext context) {
        GenericKubernetesResource live = live(context, key);
        if (live == null) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference reference : live.getMetadata().getOwnerReferences()) {
            switch (ownerState(live, reference)) {
                case SOLID -> solid.add(reference);
                case DANGLING -> dangling.add(reference);
                case DELETING_DEPENDENTS -> waiting.add(reference);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty()) {
                removeOwnerReferences(context, key, dangling.stream().map(OwnerReference::getUid).toList());
            }
            return;
        }
        // every owner is gone, or waits for its dependents to go first (foreground)
        boolean hasDependents = !dependentsOf(key.uid()).isEmpty();
        DeletionPropagation policy = !waiting.isEmpty() && hasDependents ? DeletionPropagation.FOREGROUND
                : DeletionPropagation.BACKGROUND;
        LOG.info("Garbage collector: deleting {} ({} propagation): its owners {} are gone or being deleted",
                key, policy, live.getMetadata().getOwnerReferences().stream().map(OwnerReference::getName).toList());
        delete(context, key, policy);
    }

    private enum OwnerState { SOLID, DANGLING, DELETING_DEPENDENTS }

    private OwnerState ownerState(HasMetadata dependent, OwnerReference reference) {
        Optional<ResourceDefinitionContext> ownerContext = resources.of(reference.getApiVersion(), reference.getKind());
        if (ownerContext.isEmpty()) {
            // Kubernetes does not collect what it cannot resolve: the kind may come back (a CRD being installed)
            LOG.debug("Garbage collector: unknown owner kind {} {}", reference.getApiVersion(), reference.getKind());
            return OwnerState.SOLID;
        }
        ObjectKey owner = ObjectKey.owner(dependent, reference, ownerContext.get().isNamespaceScoped());
        GenericKubernetesResource live = live(ownerContext.get(), owner);
        if (live == null || !reference.getUid().equals(live.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        if (live.getMetadata().getDeletionTimestamp() != null && live.getMetadata().getFinalizers().contains(FOREGROUND)) {
            return OwnerState.DELETING_DEPENDENTS;
        }
        return OwnerState.SOLID;
    }

    /** Foreground: deletes the dependents, and lets the owner go once no dependent blocks it. */
    private Result deleteDependentsFirst(ObjectKey owner, ResourceDefinitionContext context) {
        boolean blocked = false;
        for (Map.Entry<ResourceDefinitionContext, SharedIndexInformer<GenericKubernetesResource>> entry : informers.entrySet()) {
            for (GenericKubernetesResource dependent : entry.getValue().getIndexer().byIndex(OWNER_UIDS, owner.uid())) {
                ObjectKey dependentKey = keyOf(entry.getKey(), dependent);
                if (dependent.getMetadata().getDeletionTimestamp() == null) {
                    boolean hasDependents = !dependentsOf(dependentKey.uid()).isEmpty();
                    delete(entry.getKey(), dependentKey, hasDependents ? DeletionPropagation.FOREGROUND
                            : DeletionPropagation.BACKGROUND);
                }
                blocked |= dependent.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> owner.uid().equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
            }
        }
        if (blocked) {
            return Result.requeueAfter(recheck); // the dependents' deletion events queue the owner again too
        }
        removeFinalizer(context, owner, FOREGROUND);
        return Result.done();
    }

    /** Orphan: removes the owner's reference from every dependent, then the owner's orphan finalizer. */
    private Result orphanDependents(ObjectKey owner, ResourceDefinitionContext context) {
        informers.forEach((dependentContext, informer) -> {
            for (GenericKubernetesResource dependent : informer.getIndexer().byIndex(OWNER_UIDS, owner.uid())) {
                removeOwnerReferences(dependentContext, keyOf(dependentContext, dependent), List.of(owner.uid()));
            }
        });
        removeFinalizer(context, owner, ORPHAN);
        return Result.done();
    }

    // ---- writes (all on the live object, guarded by its resourceVersion: a conflict requeues) ----

    private void removeOwnerReferences(ResourceDefinitionContext context, ObjectKey key, List<String> ownerUids) {
        GenericKubernetesResource live = live(context, key);
        if (live == null) {
            return;
        }
        List<OwnerReference> kept = live.getMetadata().getOwnerReferences().stream()
                .filter(reference -> !ownerUids.contains(reference.getUid())).toList();
        if (kept.size() == live.getMetadata().getOwnerReferences().size()) {
            return;
        }
        live.getMetadata().setOwnerReferences(kept);
        ignoreNotFound(() -> update(context, key, live));
        LOG.info("Garbage collector: removed the references to owners {} from {}", ownerUids, key);
    }

    private void removeFinalizer(ResourceDefinitionContext context, ObjectKey key, String finalizer) {
        GenericKubernetesResource live = live(context, key);
        if (live == null || !live.getMetadata().getFinalizers().contains(finalizer)) {
            return;
        }
        List<String> kept = live.getMetadata().getFinalizers().stream().filter(f -> !f.equals(finalizer)).toList();
        live.getMetadata().setFinalizers(kept);
        ignoreNotFound(() -> update(context, key, live));
        LOG.info("Garbage collector: removed the {} finalizer from {}", finalizer, key);
    }

    private void delete(ResourceDefinitionContext context, ObjectKey key, DeletionPropagation policy) {
        ignoreNotFound(() -> resource(context, key).withPropagationPolicy(policy).delete());
    }

    /** The object as the apiserver has it now, or null when it is gone or another object took its name. */
    private GenericKubernetesResource live(ResourceDefinitionContext context, ObjectKey key) {
        GenericKubernetesResource live = resource(context, key).get();
        return live != null && key.uid().equals(live.getMetadata().getUid()) ? live : null;
    }

    private Resource<GenericKubernetesResource> resource(ResourceDefinitionContext context, ObjectKey key) {
        var operation = client.genericKubernetesResources(context);
        return context.isNamespaceScoped() ? operation.inNamespace(key.namespace()).withName(key.name())
                : operation.withName(key.name());
    }

    private void update(ResourceDefinitionContext context, ObjectKey key, GenericKubernetesResource live) {
        var operation = client.genericKubernetesResources(context);
        (context.isNamespaceScoped() ? operation.inNamespace(key.namespace()).resource(live) : operation.resource(live)).update();
    }

    private static void ignoreNotFound(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
