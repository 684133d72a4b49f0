package io.kuberaf.store.ignite;

import io.kuberaf.api.store.ConflictException;
import io.kuberaf.api.store.KeyExistsException;
import io.kuberaf.api.store.KeyNotFoundException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.StoreStatus;
import io.kuberaf.api.store.WatchEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static io.kuberaf.store.ignite.TestSupport.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CasTest {

    static IgniteResourceStore store;

    @BeforeAll
    static void start() {
        store = IgniteResourceStore.start(TestSupport.memory("cas", 47510, 47110));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void compareAndSwapAndRevisions() {
        long r0 = store.currentRevision();

        KeyValue a = store.create("/cas/a", bytes("1"), 0);
        assertEquals(r0 + 1, a.modRevision());
        assertEquals(r0 + 1, a.createRevision());
        assertEquals(r0 + 1, store.currentRevision());

        KeyExistsException exists = assertThrows(KeyExistsException.class, () -> store.create("/cas/a", bytes("2"), 0));
        assertEquals(a.modRevision(), exists.existing().modRevision());
        assertEquals("1", string(exists.existing().value()));
        assertEquals(r0 + 1, store.currentRevision(), "a failed create takes no revision");

        KeyValue a2 = store.update("/cas/a", bytes("2"), a.modRevision(), 0);
        assertEquals(r0 + 2, a2.modRevision());
        assertEquals(a.createRevision(), a2.createRevision());

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> store.update("/cas/a", bytes("3"), a.modRevision(), 0));
        assertEquals(a2.modRevision(), conflict.current().modRevision());
        assertArrayEquals(bytes("2"), conflict.current().value());
        assertEquals(a.modRevision(), conflict.expectedModRevision());

        assertThrows(ConflictException.class, () -> store.delete("/cas/a", a.modRevision()));
        assertThrows(KeyNotFoundException.class, () -> store.update("/cas/missing", bytes("x"), 0, 0));
        assertThrows(KeyNotFoundException.class, () -> store.update("/cas/missing", bytes("x"), 5, 0));
        assertThrows(KeyNotFoundException.class, () -> store.delete("/cas/missing", 0));
        assertEquals(r0 + 2, store.currentRevision(), "failed writes take no revision");

        KeyValue a3 = store.update("/cas/a", bytes("3"), 0, 0); // unconditional
        assertEquals(r0 + 3, a3.modRevision());

        WatchEvent del = store.delete("/cas/a", a3.modRevision());
        assertEquals(WatchEvent.Type.DELETE, del.type());
        assertEquals(r0 + 4, del.revision());
        assertNull(del.kv());
        assertEquals(a3.modRevision(), del.prevKv().modRevision());
        assertTrue(store.get("/cas/a").isEmpty());
        assertEquals(r0 + 4, store.currentRevision());

        KeyValue again = store.create("/cas/a", bytes("4"), 0);
        assertEquals(r0 + 5, again.createRevision(), "a re-created key gets a new createRevision");

        StoreStatus status = store.status();
        assertEquals(r0 + 5, status.revision());
        assertFalse(status.members().isEmpty());
        assertTrue(status.implementation().startsWith("Apache Ignite"));
        assertTrue(status.persistence().startsWith("in memory"));
    }

    @Test
    void concurrentCreatesOfOneKeyHaveOneWinner() throws Exception {
        int n = 16;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < n; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    try {
                        store.create("/cas/race", bytes("w" + id), 0);
                        return true;
                    } catch (KeyExistsException e) {
                        return false;
                    }
                }));
            }
            int winners = 0;
            for (var f : futures) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdown();
        }
    }
}
