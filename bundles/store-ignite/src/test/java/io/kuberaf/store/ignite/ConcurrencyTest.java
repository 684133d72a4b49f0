package io.kuberaf.store.ignite;

import io.kuberaf.api.store.ConflictException;
import io.kuberaf.api.store.KeyExistsException;
import io.kuberaf.api.store.KeyNotFoundException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kuberaf.store.ignite.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many writers with CAS conflicts, watchers joining at different revisions. */
class ConcurrencyTest {

    static IgniteResourceStore store;

    @BeforeAll
    static void start() {
        store = IgniteResourceStore.start(TestSupport.memory("conc", 47530, 47130));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    record Started(String prefix, long after, TestSupport.Recorder recorder, Watch watch) {
    }

    @Test
    void everyWatcherSeesExactlyTheLog() throws Exception {
        int threads = 8;
        int opsPerThread = 300;
        ConcurrentSkipListMap<Long, WatchEvent> succeeded = new ConcurrentSkipListMap<>();
        AtomicInteger failedCas = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();

        List<Started> watches = new ArrayList<>();
        long start = store.currentRevision();
        TestSupport.Recorder all = new TestSupport.Recorder();
        watches.add(new Started("", start, all, store.watch("", start, all)));

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < opsPerThread; i++) {
                    String key = "/c/" + (rnd.nextBoolean() ? "a/" : "b/") + "k" + rnd.nextInt(12);
                    try {
                        int op = rnd.nextInt(10);
                        if (op < 3) {
                            KeyValue kv = store.create(key, bytes("c" + rnd.nextInt()), 0);
                            succeeded.put(kv.modRevision(), new WatchEvent(WatchEvent.Type.CREATE, kv.modRevision(), kv, null));
                        } else {
                            Optional<KeyValue> cur = store.get(key);
                            long expected = cur.map(KeyValue::modRevision).orElse(1L);
                            if (op < 8) {
                                KeyValue kv = store.update(key, bytes("u" + rnd.nextInt()), expected, 0);
                                succeeded.put(kv.modRevision(), new WatchEvent(WatchEvent.Type.UPDATE, kv.modRevision(), kv, null));
                            } else {
                                WatchEvent e = store.delete(key, expected);
                                succeeded.put(e.revision(), e);
                            }
                        }
                    } catch (ConflictException | KeyExistsException | KeyNotFoundException e) {
                        failedCas.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            }, "writer-" + t);
            th.start();
            writers.add(th);
        }
        go.countDown();

        // Watchers that start midway from a past revision: they replay history, then go live.
        TestSupport.await("a third of the writes", 60_000, () -> done.get() >= threads * opsPerThread / 3);
        long pastA = Math.max(start, store.currentRevision() - 150);
        TestSupport.Recorder a = new TestSupport.Recorder();
        watches.add(new Started("/c/a/", pastA, a, store.watch("/c/a/", pastA, a)));
        TestSupport.await("half of the writes", 60_000, () -> done.get() >= threads * opsPerThread / 2);
        long pastB = Math.max(start, store.currentRevision() - 40);
        TestSupport.Recorder b = new TestSupport.Recorder();
        watches.add(new Started("/c/b/", pastB, b, store.watch("/c/b/", pastB, b)));
        TestSupport.await("two thirds of the writes", 60_000, () -> done.get() >= threads * opsPerThread * 2 / 3);
        long pastAll = Math.max(start, store.currentRevision() - 300);
        TestSupport.Recorder late = new TestSupport.Recorder();
        watches.add(new Started("", pastAll, late, store.watch("", pastAll, late)));

        for (Thread th : writers) {
            th.join();
        }
        long end = store.currentRevision();
        assertTrue(failedCas.get() > 0, "some writes lost a compare-and-swap");

        // Failed writes took no revision; successful ones took exactly (start, end].
        assertEquals(end - start, succeeded.size());
        assertEquals(start + 1, succeeded.firstKey());
        assertEquals(end, succeeded.lastKey());

        // The log, read from Ignite itself.
        IgniteCache<Long, byte[]> log = store.ignite().cache(IgniteNodeFactory.LOG_CACHE);
        List<WatchEvent> logEvents = new ArrayList<>();
        for (long r = start + 1; r <= end; r++) {
            WatchEvent e = RecordCodec.decodeEvent(log.get(r));
            assertEquals(r, e.revision());
            WatchEvent mine = succeeded.get(r);
            assertEquals(mine.type(), e.type());
            assertEquals(mine.key(), e.key());
            if (mine.kv() != null) {
                TestSupport.assertSameKv(mine.kv(), e.kv());
            }
            logEvents.add(e);
        }

        for (Started w : watches) {
            List<WatchEvent> expected = logEvents.stream()
                    .filter(e -> e.revision() > w.after() && e.key().startsWith(w.prefix())).toList();
            TestSupport.await("watch " + w.prefix() + " from " + w.after() + " to catch up", 30_000,
                    () -> w.recorder().events.size() >= expected.size());
            w.watch().close();
            assertNull(w.recorder().closed);
            List<WatchEvent> got = w.recorder().events;
            assertEquals(expected.size(), got.size(), "events of watch " + w.prefix() + " from " + w.after());
            long prev = w.after();
            for (int i = 0; i < got.size(); i++) {
                WatchEvent e = got.get(i);
                assertTrue(e.revision() > prev, "strictly increasing revisions");
                if (w.prefix().isEmpty()) {
                    assertEquals(prev + 1, e.revision(), "whole-keyspace watch is gapless");
                }
                prev = e.revision();
                TestSupport.assertSameEvent(expected.get(i), e);
            }
        }
        assertEquals(end, all.lastRevision());
        assertEquals(end - start, all.events.size());
    }

    @Test
    void thousandsOfWatchersShareOneView() throws Exception {
        int n = 2000;
        List<TestSupport.Recorder> recorders = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        long from = store.currentRevision();
        for (int i = 0; i < n; i++) {
            TestSupport.Recorder r = new TestSupport.Recorder();
            recorders.add(r);
            watches.add(store.watch("/many/" + (i % 50) + "/", from, r));
        }
        for (int i = 0; i < 50; i++) {
            store.create("/many/" + i + "/x", bytes("v"), 0);
        }
        for (TestSupport.Recorder r : recorders) {
            TestSupport.await("every watcher gets its key", 30_000, () -> r.events.size() == 1);
        }
        watches.forEach(Watch::close);
        assertEquals(0, viewWatchCount());
    }

    private static int viewWatchCount() throws Exception {
        var f = IgniteResourceStore.class.getDeclaredField("view");
        f.setAccessible(true);
        return ((StoreView) f.get(store)).watchCount();
    }
}
