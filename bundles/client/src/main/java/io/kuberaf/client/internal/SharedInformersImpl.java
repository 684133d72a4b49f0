package io.kuberaf.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One informer per kind, created and started on first use, all stopped on close. */
public final class SharedInformersImpl implements SharedInformers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedInformersImpl.class);

    private final KubernetesClient client;
    private final long resyncMillis;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SharedInformersImpl(KubernetesClient client, long resyncMillis) {
        this.client = client;
        this.resyncMillis = resyncMillis;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        if (closed) {
            throw new IllegalStateException("the shared informers are closed (the API client was reconfigured or stopped)");
        }
        return (SharedIndexInformer<T>) informers.computeIfAbsent(type, ignored -> start(type));
    }

    private <T extends HasMetadata> SharedIndexInformer<T> start(Class<T> type) {
        SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().runnableInformer(resyncMillis);
        informer.addIndexers(indexers(type));
        informer.exceptionHandler((isStarted, t) -> {
            LOG.warn("Informer for {} failed ({}); it retries", type.getSimpleName(), t.toString());
            return true;
        });
        informer.start();
        LOG.debug("Shared informer for {} started", type.getSimpleName());
        return informer;
    }

    private static <T extends HasMetadata> Map<String, Function<T, List<String>>> indexers(Class<T> type) {
        Function<T, List<String>> byOwner = object -> object.getMetadata().getOwnerReferences().stream()
                .filter(reference -> Boolean.TRUE.equals(reference.getController()))
                .map(OwnerReference::getUid)
                .toList();
        if (type == Pod.class) {
            Function<T, List<String>> byNode = object -> {
                String node = ((Pod) object).getSpec() == null ? null : ((Pod) object).getSpec().getNodeName();
                return List.of(node == null ? "" : node);
            };
            return Map.of(BY_OWNER_UID, byOwner, PODS_BY_NODE, byNode);
        }
        return Map.of(BY_OWNER_UID, byOwner);
    }

    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
