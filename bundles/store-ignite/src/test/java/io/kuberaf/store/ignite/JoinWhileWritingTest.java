package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyExistsException;
import io.kuberaf.api.store.KeyNotFoundException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second member starts (and loads its view) while the first one keeps writing: its view must be
 * exactly the store's state, its watches gapless, and both members write into one revision line.
 */
class JoinWhileWritingTest {

    @Test
    void memberLoadsAConsistentViewUnderConcurrentWrites() throws Exception {
        String addresses = "127.0.0.1:47580..47581";
        StoreOptions ao = TestSupport.memory("joinA", 47580, 47180);
        ao.discoveryAddresses = addresses;
        ao.backups = 1;
        StoreOptions bo = TestSupport.memory("joinB", 47581, 47181);
        bo.discoveryAddresses = addresses;
        bo.backups = 1;

        ConcurrentSkipListMap<Long, Object[]> writes = new ConcurrentSkipListMap<>(); // rev -> {key, kv or null}
        try (IgniteResourceStore a = IgniteResourceStore.start(ao)) {
            for (int i = 0; i < 40; i++) {
                KeyValue kv = a.create(key(i), bytes("init"), 0);
                writes.put(kv.modRevision(), new Object[] {kv.key(), kv});
            }
            long beforeJoin = a.currentRevision();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            List<IgniteResourceStore> targets = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(a));
            for (int w = 0; w < 3; w++) {
                Thread t = new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        IgniteResourceStore s = targets.get(rnd.nextInt(targets.size()));
                        String k = key(rnd.nextInt(40));
                        try {
                            if (rnd.nextInt(4) == 0) {
                                WatchEvent e = s.delete(k, 0);
                                writes.put(e.revision(), new Object[] {k, null});
                            } else if (rnd.nextInt(4) == 0) {
                                KeyValue kv = s.create(k, bytes("c" + rnd.nextInt()), 0);
                                writes.put(kv.modRevision(), new Object[] {k, kv});
                            } else {
                                KeyValue kv = s.update(k, bytes("u" + rnd.nextInt()), 0, 0);
                                writes.put(kv.modRevision(), new Object[] {k, kv});
                            }
                        } catch (KeyNotFoundException | KeyExistsException e) {
                            // raced with another writer; took no revision
                        }
                    }
                }, "join-writer-" + w);
                t.start();
                writers.add(t);
            }
            TestSupport.await("writes before the join", 30_000, () -> a.currentRevision() > beforeJoin + 200);

            try (IgniteResourceStore b = IgniteResourceStore.start(bo)) {
                targets.add(b); // now both members write
                TestSupport.Recorder rec = new TestSupport.Recorder();
                Watch w = b.watch("", beforeJoin, rec); // replays history that B loaded at start-up
                List<ListResult> lists = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    lists.add(b.list("/join/", null, 0, 0));
                    Thread.sleep(20);
                }
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
                long end = a.currentRevision();
                assertEquals(end, b.currentRevision());
                assertEquals(end - beforeJoin + 40, writes.size(), "every revision is one recorded write");

                for (ListResult l : lists) {
                    TreeMap<String, KeyValue> expected = new TreeMap<>();
                    for (Object[] wr : writes.headMap(l.revision(), true).values()) {
                        if (wr[1] == null) {
                            expected.remove((String) wr[0]);
                        } else {
                            expected.put((String) wr[0], (KeyValue) wr[1]);
                        }
                    }
                    assertEquals(new ArrayList<>(expected.keySet()), l.items().stream().map(KeyValue::key).toList(),
                            "B's list at " + l.revision());
                    for (KeyValue kv : l.items()) {
                        TestSupport.assertSameKv(expected.get(kv.key()), kv);
                    }
                }
                TestSupport.await("B's watch to reach the end", 30_000, () -> rec.lastRevision() == end);
                long prev = beforeJoin;
                for (WatchEvent e : rec.events) {
                    assertEquals(prev + 1, e.revision());
                    prev = e.revision();
                    Object[] wr = writes.get(e.revision());
                    assertEquals(wr[0], e.key());
                    if (wr[1] != null) {
                        TestSupport.assertSameKv((KeyValue) wr[1], e.kv());
                    }
                }
                assertTrue(rec.events.size() > 200);
                assertEquals(a.list("/join/", null, 0, end).items().size(), b.list("/join/", null, 0, end).items().size());
                assertEquals(2, b.status().members().size());
                w.close();
            }
        }
    }

    private static String key(int i) {
        return "/join/k" + i;
    }
}
