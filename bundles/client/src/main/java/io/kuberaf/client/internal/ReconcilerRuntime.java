package io.kuberaf.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.LeaderElection;
import io.kuberaf.client.reconciler.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs one {@link Reconciler}: an API client of its own (so that closing it releases the vendor's
 * classes), informers for its resource type and owned types, and a {@link Controller}, under leader
 * election unless the reconciler opts out. {@link #close()} stops all of it.
 */
public final class ReconcilerRuntime<T extends HasMetadata> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerRuntime.class);

    private final Reconciler<T> reconciler;
    private final ReconcilerSettings settings;
    private final KubernetesClient client;
    private final AutoCloseable running;

    private ReconcilerRuntime(Reconciler<T> reconciler, Config config) {
        this.reconciler = reconciler;
        this.settings = ReconcilerSettings.of(reconciler);
        this.client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        this.running = settings.leaderElection()
                ? LeaderElection.start(client, settings.leaseName(), this::startController)
                : startController();
    }

    /** Starts running {@code reconciler} against the API server of {@code config}. */
    public static <T extends HasMetadata> ReconcilerRuntime<T> start(Reconciler<T> reconciler, Config config) {
        return new ReconcilerRuntime<>(reconciler, config);
    }

    public String name() {
        return settings.name();
    }

    private Running startController() {
        Class<T> type = reconciler.resourceType();
        SharedIndexInformer<T> primary = informer(type);
        Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> owned = new LinkedHashMap<>();
        settings.owns().forEach(ownedType -> owned.put(ownedType, informer(ownedType)));
        String ownerKind = HasMetadata.getKind(type);
        Controller.Builder builder = Controller.builder(settings.name())
                .watch(primary, object -> List.of())   // its events go through the GenerationFilter
                .reconciler(new Reconciliation<>(reconciler, settings, client, primary, owned))
                .workers(settings.workers());
        owned.values().forEach(informer -> watchOwned(builder, informer, ownerKind));
        Controller controller = builder.build();
        GenerationFilter<T> filter = new GenerationFilter<>(controller);
        primary.addEventHandler(filter);
        controller.start();
        primary.start();
        owned.values().forEach(SharedIndexInformer::start);
        LOG.info("Reconciler {} started for {} (owns {}, {} workers)", settings.name(), HasMetadata.getFullResourceName(type),
                owned.keySet().stream().map(HasMetadata::getFullResourceName).toList(), settings.workers());
        return new Running(controller, primary, filter, List.copyOf(owned.values()));
    }

    private static <O extends HasMetadata> void watchOwned(Controller.Builder builder, SharedIndexInformer<O> informer,
                                                            String ownerKind) {
        builder.watch(informer, object -> Keys.ownerKey(object, ownerKind));
    }

    private <O extends HasMetadata> SharedIndexInformer<O> informer(Class<O> type) {
        SharedIndexInformer<O> informer = client.resources(type).inAnyNamespace().runnableInformer(0);
        Function<O, List<String>> byOwner = object -> object.getMetadata().getOwnerReferences().stream()
                .filter(reference -> Boolean.TRUE.equals(reference.getController()))
                .map(OwnerReference::getUid)
                .toList();
        informer.addIndexers(Map.of(SharedInformers.BY_OWNER_UID, byOwner));
        informer.exceptionHandler((started, failure) -> {
            LOG.warn("Reconciler {}: watching {} failed ({}); it retries (is the kind served, under this plural?"
                            + " {} takes it from @Plural, else guesses it)",
                    settings.name(), HasMetadata.getFullResourceName(type), failure.toString(), type.getSimpleName());
            return true;
        });
        return informer;
    }

    @Override
    public void close() {
        try {
            running.close();
        } catch (Exception e) {
            LOG.warn("Reconciler {}: stopping failed: {}", settings.name(), e.toString());
        } finally {
            client.close();
        }
    }

    /**
     * Enqueues the primary resource's changes, except those that leave its generation, deletion and
     * finalizers as they were (status writes, often the reconciler's own): java-operator-sdk's
     * generation-aware event filtering. Kinds without a generation are always enqueued.
     */
    private static final class GenerationFilter<T extends HasMetadata> implements ResourceEventHandler<T> {
        private final Controller controller;

        GenerationFilter(Controller controller) {
            this.controller = controller;
        }

        @Override
        public void onAdd(T object) {
            controller.enqueue(Keys.of(object));
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            Long generation = newObject.getMetadata().getGeneration();
            boolean sameGeneration = generation != null && generation.equals(oldObject.getMetadata().getGeneration());
            if (!sameGeneration || newObject.isMarkedForDeletion() != oldObject.isMarkedForDeletion()
                    || !Objects.equals(newObject.getFinalizers(), oldObject.getFinalizers())) {
                controller.enqueue(Keys.of(newObject));
            }
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            controller.enqueue(Keys.of(object));
        }
    }

    private record Running(Controller controller, SharedIndexInformer<?> primary, ResourceEventHandler<?> filter,
                           List<SharedIndexInformer<?>> owned) implements AutoCloseable {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void close() {
            controller.close();
            ((SharedIndexInformer) primary).removeEventHandler(filter);
            primary.stop();
            owned.forEach(SharedIndexInformer::stop);
        }
    }
}
