package io.kuberaf.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;

/**
 * One running informer per kind (all namespaces) for every component in the container, so that ten
 * controllers watching pods cost one watch. Informers start on first use and run until the client
 * service goes away.
 *
 * <p>Whoever adds an event handler removes it when it stops (a controller does this in its close());
 * a handler added late first receives {@code onAdd} for every object already in the cache.
 *
 * <p>Every informer has the indexes {@link #BY_OWNER_UID} and, for pods, {@link #PODS_BY_NODE}.
 */
public interface SharedInformers {

    /** Index of objects by the uid of their controller owner reference. */
    String BY_OWNER_UID = "ownerUid";

    /** Index of pods by spec.nodeName ("" for unscheduled pods). */
    String PODS_BY_NODE = "nodeName";

    /** The informer for a kind, started if needed. */
    <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type);

    /** Objects of a kind whose controller owner reference has this uid. */
    default <T extends HasMetadata> List<T> byOwner(Class<T> type, String ownerUid) {
        return informer(type).getIndexer().byIndex(BY_OWNER_UID, ownerUid);
    }
}
