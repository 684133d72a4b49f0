package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Main class of the child JVM used by the crash tests: opens a store and creates keys in a loop,
 * printing "ACK key revision" for each acknowledged write, until it is killed.
 *
 * <p>Arguments: instanceName discoveryPort communicationPort discoveryAddresses backups storageDir
 * keyPrefix expectedServers
 */
public final class ChildWriter {

    public static void main(String[] args) throws Exception {
        StoreOptions o = TestSupport.persistent(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Path.of(args[5]));
        o.discoveryAddresses = args[3];
        o.backups = Integer.parseInt(args[4]);
        String prefix = args[6];
        int servers = Integer.parseInt(args[7]);
        IgniteResourceStore store = IgniteResourceStore.start(o);
        if (servers > 1) {
            awaitFullyReplicated(store, servers);
        }
        System.out.println("READY");
        System.out.flush();
        for (long i = 0; ; i++) {
            String key = prefix + i;
            KeyValue kv = store.create(key, TestSupport.bytes("value-" + i), 0);
            System.out.println("ACK " + key + " " + kv.modRevision());
            System.out.flush();
        }
    }

    /** Waits until the baseline has every server and each partition of each cache is on all of them. */
    private static void awaitFullyReplicated(IgniteResourceStore store, int servers) throws InterruptedException {
        var ignite = store.ignite();
        long deadline = System.currentTimeMillis() + 60_000;
        String[] caches = {IgniteNodeFactory.KV_CACHE, IgniteNodeFactory.LOG_CACHE, IgniteNodeFactory.META_CACHE};
        while (System.currentTimeMillis() < deadline) {
            Collection<?> baseline = ignite.cluster().currentBaselineTopology();
            boolean ok = baseline != null && baseline.size() == servers;
            for (int c = 0; ok && c < caches.length; c++) {
                ignite.cache(caches[c]).rebalance().get();
                var aff = ignite.affinity(caches[c]);
                for (int p = 0; ok && p < aff.partitions(); p++) {
                    ok = aff.mapPartitionToPrimaryAndBackups(p).size() == servers;
                }
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not replicate every partition on " + servers + " servers");
    }
}
