package io.kuberaf.store.ignite;

import io.kuberaf.api.store.CompactedException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.StoreException;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static io.kuberaf.store.ignite.TestSupport.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {

    /** The DS component as Karaf drives it on bundle stop/start: activate, deactivate, activate again. */
    @Test
    void componentRestartsCleanlyWithItsData(@TempDir Path dir) throws Exception {
        IgniteResourceStoreComponent.Config config = config(Map.of(
                "instanceName", "component", "discoveryPort", 47590, "communicationPort", 47190,
                "discoveryAddresses", "127.0.0.1:47590", "storagePath", dir.toString(), "walMode", "LOG_ONLY",
                "walSegmentSizeMb", 4, "dataRegionSizeMb", 64L, "baselineAutoAdjustTimeoutMs", 0L));
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        IgniteResourceStoreComponent c = new IgniteResourceStoreComponent();
        c.activate(config);
        KeyValue kv = c.create("/life/a", bytes("1"), 0);
        c.deactivate();
        assertThrows(StoreException.class, () -> c.get("/life/a"));
        assertTrue(Ignition.allGrids().isEmpty(), "the Ignite node is stopped");
        assertNoLeakedThreads(before);

        c.activate(config);
        assertEquals("1", string(c.get("/life/a").orElseThrow().value()));
        assertEquals(kv.modRevision(), c.currentRevision());
        assertTrue(c.status().persistence().contains("LOG_ONLY"));
        c.deactivate();
        assertNoLeakedThreads(before);
    }

    @Test
    void automaticCompaction() {
        StoreOptions o = TestSupport.memory("autocompact", 47595, 47195);
        o.compactionIntervalSeconds = 1;
        o.compactionRetentionSeconds = 1;
        try (IgniteResourceStore store = IgniteResourceStore.start(o)) {
            for (int i = 0; i < 5; i++) {
                store.create("/auto/" + i, bytes("x"), 0);
            }
            long r = store.currentRevision();
            TestSupport.await("the automatic compaction", 15_000, () -> store.compactedRevision() >= r);
            assertThrows(CompactedException.class, () -> store.list("/auto/", null, 0, r - 1));
            assertEquals(5, store.list("/auto/", null, 0, 0).items().size(), "the current state stays listable");
            assertEquals(5, store.list("/auto/", null, 0, store.compactedRevision()).items().size());
        }
    }

    private static void assertNoLeakedThreads(Set<Thread> before) {
        TestSupport.await("store and Ignite threads to end", 15_000, () -> leaked(before).isEmpty());
    }

    private static Set<String> leaked(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("kuberaf-store") || n.contains("%component%"))
                .collect(Collectors.toSet());
    }

    /** A Config as DS would build it: the given values, defaults for the rest. */
    private static IgniteResourceStoreComponent.Config config(Map<String, Object> values) {
        return (IgniteResourceStoreComponent.Config) Proxy.newProxyInstance(LifecycleTest.class.getClassLoader(),
                new Class<?>[] {IgniteResourceStoreComponent.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }
}
