package io.kuberaf.store.ignite;

import io.kuberaf.api.store.CompactedException;
import io.kuberaf.api.store.FutureRevisionException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactionTtlTest {

    static IgniteResourceStore store;

    @BeforeAll
    static void start() {
        StoreOptions o = TestSupport.memory("compact", 47540, 47140);
        o.watchQueueLimit = 500;
        store = IgniteResourceStore.start(o);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void compaction() {
        long r0 = store.currentRevision();
        for (int i = 0; i < 10; i++) {
            store.create("/cp/k" + i, bytes("v" + i), 0);
        }
        long r10 = r0 + 10;
        for (int i = 0; i < 10; i++) {
            store.update("/cp/k" + i, bytes("w" + i), 0, 0);
        }
        long r20 = r0 + 20;
        assertEquals(r20, store.currentRevision());

        assertThrows(FutureRevisionException.class, () -> store.compact(r20 + 5));
        assertThrows(FutureRevisionException.class, () -> store.list("/cp/", null, 0, r20 + 5));

        long r15 = r0 + 15;
        assertEquals(r15, store.compact(r15));
        assertEquals(r15, store.compactedRevision());
        assertEquals(r15, store.compact(r10), "compaction never goes back");

        CompactedException ce = assertThrows(CompactedException.class, () -> store.list("/cp/", null, 0, r10));
        assertEquals(r15, ce.compactedRevision());
        assertThrows(CompactedException.class, () -> store.list("/cp/", null, 0, r15 - 1));
        // The state at the compacted revision itself is kept (as etcd): updates r11..r15 applied.
        assertEquals(5, store.list("/cp/", null, 0, r15).items().stream().filter(kv -> kv.modRevision() > r10).count());
        assertThrows(CompactedException.class, () -> store.watch("/cp/", r10, new TestSupport.Recorder()));

        // The history log below the compacted revision is gone from Ignite.
        IgniteCache<Long, byte[]> log = store.ignite().cache(IgniteNodeFactory.LOG_CACHE);
        for (long r = r0 + 1; r <= r15; r++) {
            assertNull(log.get(r), "log entry " + r);
        }
        assertNotNull(log.get(r15 + 1));

        // Current values are kept.
        ListResult now = store.list("/cp/", null, 0, 0);
        assertEquals(10, now.items().size());
        for (KeyValue kv : now.items()) {
            assertEquals("w", new String(kv.value()).substring(0, 1));
        }
        // A revision after the compacted one still lists the state of then.
        ListResult at16 = store.list("/cp/", null, 0, r15 + 1);
        long updated = at16.items().stream().filter(kv -> kv.modRevision() > r10).count();
        assertEquals(6, updated); // updates r11..r16

        // A watch from the compacted revision itself replays (r15, now].
        TestSupport.Recorder rec = new TestSupport.Recorder();
        Watch w = store.watch("/cp/", r15, rec);
        TestSupport.await("replay after compaction", 10_000, () -> rec.events.size() == 5);
        assertEquals(r15 + 1, rec.events.get(0).revision());
        w.close();
    }

    @Test
    void ttlDeletesTheKeyWithItsOwnRevision() {
        long from = store.currentRevision();
        TestSupport.Recorder rec = new TestSupport.Recorder();
        Watch w = store.watch("/ttl/", from, rec);
        KeyValue kv = store.create("/ttl/lease", bytes("holder"), 1);
        assertTrue(kv.expiresAtMillis() > System.currentTimeMillis());
        KeyValue keep = store.create("/ttl/keep", bytes("forever"), 0);

        TestSupport.await("the key to expire", 10_000, () -> rec.events.size() >= 3);
        assertEquals(3, rec.events.size());
        WatchEvent created = rec.events.get(0);
        assertEquals(keep.modRevision(), rec.events.get(1).revision());
        WatchEvent deleted = rec.events.get(2);
        assertEquals(WatchEvent.Type.CREATE, created.type());
        assertEquals(WatchEvent.Type.DELETE, deleted.type());
        assertEquals("/ttl/lease", deleted.key());
        assertTrue(deleted.revision() > keep.modRevision(), "the expiry is a write with its own revision");
        assertEquals(kv.modRevision(), deleted.prevKv().modRevision());
        assertTrue(System.currentTimeMillis() >= kv.expiresAtMillis());
        assertTrue(store.get("/ttl/lease").isEmpty());
        assertTrue(store.get("/ttl/keep").isPresent());
        w.close();
    }

    @Test
    void slowWatcherIsClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<StoreException> closed = new AtomicReference<>();
        CountDownLatch closedLatch = new CountDownLatch(1);
        Watch w = store.watch("/slow/", 0, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                try {
                    release.await(); // a listener that blocks (which it must not)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onClose(StoreException cause) {
                closed.set(cause);
                closedLatch.countDown();
            }
        });
        for (int i = 0; i < 520; i++) {
            store.create("/slow/" + i, bytes("x"), 0);
        }
        release.countDown();
        assertTrue(closedLatch.await(10, TimeUnit.SECONDS));
        assertTrue(closed.get().getMessage().contains("too slow"), closed.get().getMessage());
        w.close();
        // Other watches are not affected.
        TestSupport.Recorder rec = new TestSupport.Recorder();
        Watch ok = store.watch("/slow/", store.currentRevision() - 3, rec);
        TestSupport.await("replay", 5000, () -> rec.events.size() == 3);
        assertArrayEquals(bytes("x"), rec.events.get(2).kv().value());
        ok.close();
    }
}
