package io.kuberaf.bench.support;

import io.kuberaf.store.ignite.StoreOptions;

import java.nio.file.Path;

/** The Kuberaf Ignite store as the benchmarks start it in their own JVM. */
public final class DurableStore {

    private DurableStore() {
    }

    /**
     * The defaults of a fresh {@code etc/io.kuberaf.store.ignite.cfg}, but a single persistent member
     * (WAL FSYNC) storing under {@code dir}, named {@code instanceName}, on free ports of 127.0.0.1 that
     * never joins another Ignite node on this machine. Start it with {@code IgniteResourceStore.start(o)}
     * after any further changes.
     */
    public static StoreOptions options(String instanceName, Path dir) {
        StoreOptions o = new StoreOptions();
        o.instanceName = instanceName;
        o.localHost = "127.0.0.1";
        o.discoveryPort = Ports.free();
        o.communicationPort = Ports.free();
        // Only ourselves: never join another Ignite node that happens to run on this machine.
        o.discoveryAddresses = "127.0.0.1:" + o.discoveryPort;
        o.persistenceEnabled = true;
        o.walMode = "FSYNC";
        o.storagePath = dir;
        return o;
    }
}
