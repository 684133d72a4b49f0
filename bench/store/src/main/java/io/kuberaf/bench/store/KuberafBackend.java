package io.kuberaf.bench.store;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import io.kuberaf.bench.support.DurableStore;
import io.kuberaf.store.ignite.IgniteResourceStore;
import io.kuberaf.store.ignite.StoreOptions;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The Kuberaf store: an {@link IgniteResourceStore} started in this JVM (as the apiserver runs it in
 * Karaf), driven only through the {@link ResourceStore} interface.
 */
final class KuberafBackend implements Backend {

    private final IgniteResourceStore igniteStore;
    private final ResourceStore store;
    private final StoreOptions options;

    private KuberafBackend(IgniteResourceStore store, StoreOptions options) {
        this.igniteStore = store;
        this.store = store;
        this.options = options;
    }

    /** A single persistent member (WAL FSYNC) on free loopback ports, storing under {@code dir}. */
    static KuberafBackend start(Path dir) throws Exception {
        StoreOptions o = DurableStore.options("kuberaf-bench", dir);
        o.backups = 0;
        // etcd does no automatic compaction either; a compaction in the middle of a phase would be noise.
        o.compactionIntervalSeconds = 0;
        o.baselineAutoAdjustTimeoutMs = 0;
        return new KuberafBackend(IgniteResourceStore.start(o), o);
    }

    @Override
    public String name() {
        return "Kuberaf";
    }

    @Override
    public String description() {
        String impl = store.status().implementation();
        return "kuberaf-store-ignite (" + impl + "), same JVM, 1 member, persistence on, WAL " + options.walMode
                + ", data region " + options.dataRegionSizeMb + " MiB, WAL segments " + options.walSegments + " x "
                + options.walSegmentSizeMb + " MiB, backups " + options.backups + ", auto-compaction off; driven through the ResourceStore interface";
    }

    @Override
    public void create(String key, byte[] value) {
        store.create(key, value, 0);
    }

    @Override
    public void put(String key, byte[] value) {
        store.update(key, value, 0, 0);
    }

    @Override
    public byte[] get(String key) {
        return store.get(key).map(KeyValue::value).orElse(null);
    }

    @Override
    public int list(String prefix) {
        return store.list(prefix, null, 0, 0).items().size();
    }

    @Override
    public int listPaged(String prefix, int pageSize) {
        ListResult page = store.list(prefix, null, pageSize, 0);
        long revision = page.revision();
        int n = page.items().size();
        while (page.hasMore()) {
            page = store.list(prefix, page.continueKey(), pageSize, revision);
            n += page.items().size();
        }
        return n;
    }

    @Override
    public AutoCloseable watch(String prefix, Consumer<byte[]> values) {
        return store.watch(prefix, 0, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                if (event.kv() != null) {
                    values.accept(event.kv().value());
                }
            }
        });
    }

    @Override
    public void close() {
        igniteStore.close();
    }
}
