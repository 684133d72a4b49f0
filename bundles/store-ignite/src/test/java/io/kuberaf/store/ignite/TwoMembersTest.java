package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.Watch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static io.kuberaf.store.ignite.TestSupport.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Member A here, member B in a child JVM, backups=1; B is killed with SIGKILL. */
class TwoMembersTest {

    @Test
    void survivingMemberHasEveryWriteOfTheKilledOne(@TempDir Path dir) throws Exception {
        String addresses = "127.0.0.1:47570..47571";
        StoreOptions a = TestSupport.persistent("memberA", 47570, 47170, dir.resolve("a"));
        a.discoveryAddresses = addresses;
        a.backups = 1;
        try (IgniteResourceStore store = IgniteResourceStore.start(a)) {
            KeyValue before = store.create("/two/a/before", bytes("a"), 0);
            TestSupport.Recorder rec = new TestSupport.Recorder();
            Watch watch = store.watch("/two/", before.modRevision(), rec);

            List<String[]> acks;
            try (TestSupport.Child b = new TestSupport.Child(dir, "memberB", "47571", "47171", addresses, "1",
                    dir.resolve("b").toString(), "/two/b/k", "2")) {
                TestSupport.await("B to join", 60_000, () -> {
                    b.checkAlive();
                    return store.ignite().cluster().forServers().nodes().size() == 2;
                });
                b.awaitAcks(300, 90_000);
                b.kill();
                acks = List.copyOf(b.acks);
            }
            TestSupport.await("A to see B gone", 30_000, () -> store.ignite().cluster().forServers().nodes().size() == 1);

            long lastAck = 0;
            for (String[] ack : acks) {
                KeyValue kv = store.get(ack[0]).orElseThrow(() -> new AssertionError("acknowledged " + ack[0] + " lost"));
                assertEquals(Long.parseLong(ack[1]), kv.modRevision());
                assertEquals("value-" + ack[0].substring("/two/b/k".length()), string(kv.value()));
                lastAck = Math.max(lastAck, kv.modRevision());
            }

            // A keeps accepting writes and serving lists and watches.
            KeyValue after = store.create("/two/a/after", bytes("z"), 0);
            assertTrue(after.modRevision() > lastAck);
            ListResult list = store.list("/two/b/", null, 0, 0);
            assertTrue(list.items().size() >= acks.size());
            long lastAckFinal = lastAck;
            TestSupport.await("the watch to deliver B's writes and A's new one", 30_000,
                    () -> rec.lastRevision() == after.modRevision());
            long prev = before.modRevision();
            for (var e : rec.events) {
                assertEquals(prev + 1, e.revision(), "every revision in order, once");
                prev = e.revision();
            }
            assertTrue(rec.events.stream().anyMatch(e -> e.revision() == lastAckFinal));
            watch.close();
        }
    }
}
