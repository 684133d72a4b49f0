package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.WatchEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paged lists at one revision while writers keep changing the keys. */
class ListConsistencyTest {

    static IgniteResourceStore store;

    @BeforeAll
    static void start() {
        store = IgniteResourceStore.start(TestSupport.memory("list", 47520, 47120));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void pagesOfOneListAreTheStateAtItsRevision() throws Exception {
        int n = 60;
        // Every successful write, by revision: the key and its value after the write (null = deleted).
        ConcurrentSkipListMap<Long, Object[]> writes = new ConcurrentSkipListMap<>();
        long base = store.currentRevision();
        for (int i = 0; i < n; i++) {
            KeyValue kv = store.create(key(i), bytes("v0"), 0);
            writes.put(kv.modRevision(), new Object[] {kv.key(), kv});
        }
        // A key outside the prefix, which must never appear.
        store.create("/list/other", bytes("x"), 0);
        store.create("/lisz", bytes("x"), 0);

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    String k = key(rnd.nextInt(n));
                    try {
                        if (rnd.nextInt(5) == 0) {
                            WatchEvent e = store.delete(k, 0);
                            writes.put(e.revision(), new Object[] {k, null});
                            KeyValue kv = store.create(k, bytes("r" + rnd.nextInt()), 0);
                            writes.put(kv.modRevision(), new Object[] {k, kv});
                        } else {
                            KeyValue kv = store.update(k, bytes("u" + rnd.nextInt()), 0, 0);
                            writes.put(kv.modRevision(), new Object[] {k, kv});
                        }
                    } catch (io.kuberaf.api.store.KeyNotFoundException | io.kuberaf.api.store.KeyExistsException e) {
                        // another writer deleted / re-created it meanwhile: fine, it took no revision
                    }
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }

        List<Map.Entry<Long, List<KeyValue>>> lists = new ArrayList<>();
        try {
            for (int round = 0; round < 25; round++) {
                List<KeyValue> all = new ArrayList<>();
                ListResult page = store.list("/list/k", null, 7, 0);
                long rev = page.revision();
                all.addAll(page.items());
                int pages = 1;
                while (page.hasMore()) {
                    Thread.sleep(2); // let the writers move on: later pages are read at a past revision
                    page = store.list("/list/k", page.continueKey(), 7, rev);
                    assertEquals(rev, page.revision());
                    assertTrue(page.items().size() <= 7);
                    all.addAll(page.items());
                    pages++;
                }
                assertNull(page.continueKey());
                assertEquals(0, page.remaining());
                assertTrue(pages >= 2);
                lists.add(Map.entry(rev, all));
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        assertTrue(store.currentRevision() > base + n + 100, "writers made progress");

        for (Map.Entry<Long, List<KeyValue>> l : lists) {
            long rev = l.getKey();
            TreeMap<String, KeyValue> expected = new TreeMap<>();
            for (Object[] w : writes.headMap(rev, true).values()) {
                if (w[1] == null) {
                    expected.remove((String) w[0]);
                } else {
                    expected.put((String) w[0], (KeyValue) w[1]);
                }
            }
            List<KeyValue> actual = l.getValue();
            assertEquals(new ArrayList<>(expected.keySet()), actual.stream().map(KeyValue::key).toList(),
                    "keys at revision " + rev);
            for (KeyValue kv : actual) {
                TestSupport.assertSameKv(expected.get(kv.key()), kv);
            }
        }
    }

    @Test
    void remainingAndCount() {
        for (int i = 0; i < 10; i++) {
            store.create("/cnt/" + i, bytes("x"), 0);
        }
        ListResult first = store.list("/cnt/", null, 4, 0);
        assertEquals(4, first.items().size());
        assertEquals(6, first.remaining());
        assertEquals("/cnt/3", first.continueKey());
        ListResult all = store.list("/cnt/", null, 0, 0);
        assertEquals(10, all.items().size());
        assertNull(all.continueKey());
        assertEquals(10, store.count("/cnt/"));
        assertEquals(0, store.list("/nothing/", null, 10, 0).items().size());
    }

    private static String key(int i) {
        return String.format("/list/k%03d", i);
    }
}
