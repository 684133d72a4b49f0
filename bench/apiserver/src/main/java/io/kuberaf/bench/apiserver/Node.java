package io.kuberaf.bench.apiserver;

import io.kuberaf.apiserver.ApiServer;
import io.kuberaf.bench.support.DurableStore;
import io.kuberaf.bench.support.Ports;
import io.kuberaf.store.ignite.IgniteResourceStore;
import io.kuberaf.store.ignite.StoreOptions;

import java.nio.file.Path;

/**
 * A single-node Kuberaf in this JVM, as the distribution runs it in Karaf: the Ignite store with the
 * settings of a fresh {@code etc/io.kuberaf.store.ignite.cfg} (persistence on, WAL FSYNC, ...) but
 * with its data in {@code dir} and every socket on a free port of 127.0.0.1, and the apiserver with the
 * settings of {@code etc/io.kuberaf.apiserver.cfg} on a free port.
 */
final class Node implements AutoCloseable {

    private final IgniteResourceStore store;
    private final ApiServer apiServer;
    private final StoreOptions options;
    private final ApiServer.Settings settings;

    private Node(IgniteResourceStore store, ApiServer apiServer, StoreOptions options, ApiServer.Settings settings) {
        this.store = store;
        this.apiServer = apiServer;
        this.options = options;
        this.settings = settings;
    }

    static Node start(Path dir) throws Exception {
        StoreOptions o = DurableStore.options("kuberaf-bench-apiserver", dir);
        IgniteResourceStore store = IgniteResourceStore.start(o);
        ApiServer.Settings settings = ApiServer.Settings.defaults(Ports.free());
        ApiServer api;
        try {
            api = ApiServer.create(store, settings);
            api.start();
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
        return new Node(store, api, o, settings);
    }

    String url() {
        return apiServer.url();
    }

    String description() {
        return String.format("kuberaf-store-ignite (%s) and kuberaf-apiserver (Jetty %s) in this JVM; store: 1 member, "
                        + "persistence on, WAL %s, data region %d MiB, WAL segments %d x %d MiB, backups %d, "
                        + "compaction every %d s keeping %d s, baseline auto-adjust %d ms; apiserver: %s, "
                        + "watch cache %,d events, bookmarks every %d s",
                store.status().implementation(), org.eclipse.jetty.util.Jetty.VERSION, options.walMode,
                options.dataRegionSizeMb, options.walSegments, options.walSegmentSizeMb, options.backups,
                options.compactionIntervalSeconds, options.compactionRetentionSeconds,
                options.baselineAutoAdjustTimeoutMs, url(), settings.watchCacheSize(), settings.bookmarkIntervalSeconds());
    }

    @Override
    public void close() throws Exception {
        try {
            apiServer.close();
        } finally {
            store.close();
        }
    }
}
