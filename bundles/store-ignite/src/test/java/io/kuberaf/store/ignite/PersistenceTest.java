package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.StoreStatus;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static io.kuberaf.store.ignite.TestSupport.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restart with native persistence, and recovery after kill -9. */
class PersistenceTest {

    @Test
    void restartKeepsDataRevisionAndHistory(@TempDir Path dir) {
        StoreOptions o = TestSupport.persistent("persist", 47550, 47150, dir);
        List<WatchEvent> written = new ArrayList<>();
        long last;
        try (IgniteResourceStore store = IgniteResourceStore.start(o)) {
            for (int i = 0; i < 50; i++) {
                KeyValue kv = store.create("/p/k" + i, bytes("v" + i), 0);
                written.add(new WatchEvent(WatchEvent.Type.CREATE, kv.modRevision(), kv, null));
            }
            for (int i = 0; i < 10; i++) {
                KeyValue kv = store.update("/p/k" + i, bytes("u" + i), 0, 0);
                written.add(new WatchEvent(WatchEvent.Type.UPDATE, kv.modRevision(), kv, null));
            }
            for (int i = 40; i < 50; i++) {
                written.add(store.delete("/p/k" + i, 0));
            }
            last = store.currentRevision();
            StoreStatus status = store.status();
            assertTrue(status.persistence().startsWith("native persistence, WAL FSYNC"), status.persistence());
            assertTrue(status.dataSizeBytes() > 0);
            assertEquals(40, status.keys());
        }

        try (IgniteResourceStore store = IgniteResourceStore.start(o)) {
            assertEquals(last, store.currentRevision(), "the revision continues from where it was");
            ListResult all = store.list("/p/", null, 0, 0);
            assertEquals(40, all.items().size());
            for (int i = 0; i < 40; i++) {
                assertEquals(i < 10 ? "u" + i : "v" + i, string(store.get("/p/k" + i).orElseThrow().value()));
            }
            KeyValue next = store.create("/p/next", bytes("n"), 0);
            assertEquals(last + 1, next.modRevision());

            // A watch from an old revision replays the history written before the restart.
            long from = written.get(9).revision();
            TestSupport.Recorder rec = new TestSupport.Recorder();
            Watch w = store.watch("/p/", from, rec);
            int expected = written.size() - 10 + 1;
            TestSupport.await("replay", 10_000, () -> rec.events.size() == expected);
            for (int i = 10; i < written.size(); i++) {
                WatchEvent mine = written.get(i);
                WatchEvent got = rec.events.get(i - 10);
                assertEquals(mine.revision(), got.revision());
                assertEquals(mine.type(), got.type());
                assertEquals(mine.key(), got.key());
            }
            assertEquals(next.modRevision(), rec.events.get(expected - 1).revision());
            w.close();
            // A list at a revision from before the restart.
            ListResult old = store.list("/p/", null, 0, written.get(49).revision());
            assertEquals(50, old.items().size());
            assertEquals("v0", string(old.items().get(0).value()));
        }
    }

    @Test
    void killDashNineLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        Path storage = dir.resolve("store");
        List<String[]> acks;
        try (TestSupport.Child child = new TestSupport.Child(dir, "crash", "47560", "47160", "127.0.0.1:47560", "0",
                storage.toString(), "/crash/k", "1")) {
            child.awaitAcks(300, 90_000);
            child.kill();
            acks = List.copyOf(child.acks);
        }
        StoreOptions o = TestSupport.persistent("crash", 47560, 47160, storage);
        try (IgniteResourceStore store = IgniteResourceStore.start(o)) {
            long lastAck = 0;
            for (String[] ack : acks) {
                String key = ack[0];
                long rev = Long.parseLong(ack[1]);
                KeyValue kv = store.get(key).orElseThrow(() -> new AssertionError("acknowledged " + key + " is lost"));
                assertEquals(rev, kv.modRevision());
                assertEquals("value-" + key.substring("/crash/k".length()), string(kv.value()));
                lastAck = Math.max(lastAck, rev);
            }
            assertTrue(store.currentRevision() >= lastAck);
            assertTrue(store.count("/crash/") >= acks.size());
            KeyValue after = store.create("/crash/after", bytes("x"), 0);
            assertEquals(store.currentRevision(), after.modRevision());
        }
    }
}
