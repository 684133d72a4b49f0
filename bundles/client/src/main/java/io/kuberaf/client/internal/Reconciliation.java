package io.kuberaf.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.KeyReconciler;
import io.kuberaf.client.controller.Result;
import io.kuberaf.client.reconciler.Cleaner;
import io.kuberaf.client.reconciler.Context;
import io.kuberaf.client.reconciler.DeleteControl;
import io.kuberaf.client.reconciler.Reconciler;
import io.kuberaf.client.reconciler.RetryInfo;
import io.kuberaf.client.reconciler.UpdateControl;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One key's turn of a {@link Reconciler}: reads the resource from the cache, keeps the finalizer of a
 * {@link Cleaner}, calls reconcile or cleanup with a copy, and writes back what changed.
 */
final class Reconciliation<T extends HasMetadata> implements KeyReconciler {

    private final Reconciler<T> reconciler;
    private final ReconcilerSettings settings;
    private final KubernetesClient client;
    private final SharedIndexInformer<T> primary;
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> owned;
    private final ConcurrentMap<String, Integer> failures = new ConcurrentHashMap<>();

    Reconciliation(Reconciler<T> reconciler, ReconcilerSettings settings, KubernetesClient client,
                   SharedIndexInformer<T> primary, Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> owned) {
        this.reconciler = reconciler;
        this.settings = settings;
        this.client = client;
        this.primary = primary;
        this.owned = owned;
    }

    @Override
    public Result reconcile(String key) throws Exception {
        T cached = primary.getIndexer().getByKey(key);
        if (cached == null) {
            failures.remove(key);
            return Result.done();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(reconciler.getClass().getClassLoader());
        try {
            Result result = reconcile(cached, new ContextImpl(cached, failures.getOrDefault(key, 0)));
            failures.remove(key);
            return result;
        } catch (Exception | LinkageError e) {
            failures.merge(key, 1, Integer::sum);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Result reconcile(T cached, ContextImpl context) throws Exception {
        String finalizer = settings.finalizerName();
        boolean cleaner = reconciler instanceof Cleaner;
        if (cached.isMarkedForDeletion()) {
            return cleaner && cached.hasFinalizer(finalizer) ? cleanup(cached, context) : Result.done();
        }
        T current = cached;
        if (cleaner && !cached.hasFinalizer(finalizer)) {
            T withFinalizer = copy(cached);
            withFinalizer.addFinalizer(finalizer);
            current = client.resource(withFinalizer).update();
        }
        UpdateControl<T> control = Objects.requireNonNull(reconciler.reconcile(copy(current), context),
                () -> reconciler.getClass().getName() + ".reconcile returned null (return UpdateControl.noUpdate())");
        write(control, current);
        return control.getScheduleDelay().map(Result::requeueAfter).orElse(Result.done());
    }

    @SuppressWarnings("unchecked")
    private Result cleanup(T cached, ContextImpl context) throws Exception {
        DeleteControl control = Objects.requireNonNull(((Cleaner<T>) reconciler).cleanup(copy(cached), context),
                () -> reconciler.getClass().getName() + ".cleanup returned null (return DeleteControl.defaultDelete())");
        if (control.isRemoveFinalizer()) {
            T withoutFinalizer = copy(cached);
            withoutFinalizer.removeFinalizer(settings.finalizerName());
            client.resource(withoutFinalizer).update();
            return Result.done();
        }
        return control.getScheduleDelay().map(Result::requeueAfter).orElse(Result.done());
    }

    private void write(UpdateControl<T> control, T original) {
        if (control.isNoUpdate()) {
            return;
        }
        T resource = control.getResource().orElseThrow();
        boolean statusChanged = !Objects.equals(status(resource), status(original));
        if (control.isPatchStatus()) {
            if (statusChanged) {
                T patch = copy(resource);
                patch.getMetadata().setResourceVersion(null);
                client.resource(patch).patchStatus();
            }
            return;
        }
        if (control.isUpdateResource() && !withoutStatus(resource).equals(withoutStatus(original))) {
            T updated = client.resource(resource).update();
            resource.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
        }
        if (control.isUpdateStatus() && statusChanged) {
            client.resource(resource).updateStatus();
        }
    }

    private T copy(T resource) {
        return client.getKubernetesSerialization().clone(resource);
    }

    private Object status(T resource) {
        return tree(resource).get("status");
    }

    private Map<String, Object> withoutStatus(T resource) {
        Map<String, Object> tree = new HashMap<>(tree(resource));
        tree.remove("status");
        return tree;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(T resource) {
        return client.getKubernetesSerialization().convertValue(resource, Map.class);
    }

    private final class ContextImpl implements Context<T> {
        private final T resource;
        private final int failures;

        ContextImpl(T resource, int failures) {
            this.resource = resource;
            this.failures = failures;
        }

        @Override
        public KubernetesClient getClient() {
            return client;
        }

        @Override
        public Optional<RetryInfo> getRetryInfo() {
            return failures == 0 ? Optional.empty() : Optional.of(() -> failures);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R extends HasMetadata> Set<R> getSecondaryResources(Class<R> type) {
            SharedIndexInformer<R> informer = (SharedIndexInformer<R>) owned.get(type);
            if (informer == null) {
                throw new IllegalArgumentException(type.getName() + " is not in @ControllerConfiguration(owns = ...) of "
                        + reconciler.getClass().getName());
            }
            return Set.copyOf(informer.getIndexer().byIndex(SharedInformers.BY_OWNER_UID, resource.getMetadata().getUid()));
        }
    }
}
