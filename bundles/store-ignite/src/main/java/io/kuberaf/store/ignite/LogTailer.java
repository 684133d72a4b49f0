package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.WatchEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the {@link StoreView} from {@code kuberaf-log}, strictly in revision order.
 *
 * <p>One continuous query per member (whatever the number of watchers). Its local listener runs on
 * Ignite threads and must not block: it only queues (revision, bytes). The tailer thread keeps a
 * reorder buffer, because notifications of different partitions may arrive out of order, and
 * applies {@code applied+1}, {@code applied+2}, ... When {@code applied+1} is missing while a
 * higher revision is buffered (or the counter, or a reader, says it exists) for more than a few
 * milliseconds, it reads the entry directly with {@code log.getAll}: it is committed, because the
 * writer of the higher revision could only take the counter lock after its commit.
 */
final class LogTailer {

    private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
    private static final long GAP_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int FETCH_CHUNK = 512;

    private record Raw(long revision, byte[] bytes) {
    }

    private final Ignite ignite;
    private final IgniteCache<String, byte[]> kv;
    private final IgniteCache<Long, byte[]> log;
    private final IgniteCache<String, Long> meta;
    private final StoreView view;
    private final LinkedBlockingQueue<Raw> incoming = new LinkedBlockingQueue<>();
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private final Thread thread;
    private QueryCursor<Cache.Entry<Long, byte[]>> cursor;
    private volatile boolean running;
    private long gapSince;
    private long nextFetch;
    private long fetchBackoffNanos = GAP_WAIT_NANOS;
    private long lastStuckWarning;

    LogTailer(Ignite ignite, IgniteCache<String, byte[]> kv, IgniteCache<Long, byte[]> log,
              IgniteCache<String, Long> meta, StoreView view, String name) {
        this.ignite = ignite;
        this.kv = kv;
        this.log = log;
        this.meta = meta;
        this.view = view;
        this.thread = new Thread(this::run, "kuberaf-store-tailer-" + name);
        this.thread.setDaemon(true);
    }

    /** Registers the continuous query, loads the view, then applies live events on the tailer thread. */
    void start() {
        ContinuousQuery<Long, byte[]> query = new ContinuousQuery<>();
        query.setLocalListener(events -> {
            for (CacheEntryEvent<? extends Long, ? extends byte[]> e : events) {
                if ((e.getEventType() == EventType.CREATED || e.getEventType() == EventType.UPDATED)
                        && e.getValue() != null) {
                    incoming.add(new Raw(e.getKey(), e.getValue()));
                }
            }
        });
        cursor = log.query(query); // from here on, every committed log entry is queued
        bootstrap();
        running = true;
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cursor != null) {
            try {
                cursor.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the continuous query failed", e);
            }
        }
    }

    /**
     * Loads the state of the store into the view at a revision T, while other members may write.
     *
     * <ol>
     *   <li>The continuous query is already registered, so every commit from now on is queued.</li>
     *   <li>C = {@code meta.compacted}; S = a scan of {@code kuberaf-kv}. The scan is not a snapshot:
     *       each key is seen as it was at the moment the scan read it.</li>
     *   <li>T = the counter, read in a pessimistic transaction (so it waits for the lock). Any write
     *       whose effect the scan saw held the counter lock from its start until its commit, so it
     *       released it before our read got it: T is at or above every revision visible in S.</li>
     *   <li>L = the log entries (C, T], all committed (T is committed). Applying L in revision order
     *       on top of S gives exactly the state at T: a key with events in L ends with its last
     *       event at or below T; a key without events in (C, T] did not change in that window, and
     *       S cannot show a change after T (point 3), so S already has its state at T.</li>
     *   <li>The view becomes (state at T, history L, applied T). Queued and live events at or below T
     *       are dropped as duplicates; later ones are applied in order, gaps filled from the log.
     *       A write after T took the counter lock after our read, so it committed after the query
     *       was registered and is delivered by it (or fetched as a gap).</li>
     * </ol>
     *
     * If a compaction removes an entry of (C, T] during the load, the load starts again.
     */
    private void bootstrap() {
        for (int attempt = 1; ; attempt++) {
            long c = metaLong(IgniteResourceStore.COMPACTED);
            Map<String, KeyValue> state = new HashMap<>();
            try (QueryCursor<Cache.Entry<String, byte[]>> scan = kv.query(new ScanQuery<String, byte[]>().setPageSize(1024))) {
                for (Cache.Entry<String, byte[]> e : scan) {
                    state.put(e.getKey(), RecordCodec.decodeRecord(e.getKey(), e.getValue()));
                }
            }
            long t = lockedCounter();
            NavigableMap<Long, WatchEvent> events = loadLog(c, t);
            if (events == null) {
                LOG.info("History was compacted while this member was loading it; loading again (attempt {})", attempt);
                continue;
            }
            for (WatchEvent e : events.values()) {
                if (e.kv() != null) {
                    state.put(e.key(), e.kv());
                } else {
                    state.remove(e.key());
                }
            }
            view.reset(state, events, t, c);
            synchronized (pending) {
                pending.headMap(t, true).clear();
            }
            LOG.info("Store view loaded: revision {}, compacted {}, {} keys, {} events of history", t, c,
                    state.size(), events.size());
            return;
        }
    }

    /** The log entries (from, to], or null when some of them were compacted meanwhile. */
    private NavigableMap<Long, WatchEvent> loadLog(long from, long to) {
        TreeMap<Long, WatchEvent> out = new TreeMap<>();
        for (long lo = from + 1; lo <= to; lo += FETCH_CHUNK) {
            long hi = Math.min(to, lo + FETCH_CHUNK - 1);
            TreeSet<Long> keys = new TreeSet<>();
            for (long r = lo; r <= hi; r++) {
                keys.add(r);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!keys.isEmpty()) {
                Map<Long, byte[]> got = log.getAll(keys);
                for (Map.Entry<Long, byte[]> e : got.entrySet()) {
                    out.put(e.getKey(), RecordCodec.decodeEvent(e.getValue()));
                    keys.remove(e.getKey());
                }
                if (keys.isEmpty()) {
                    break;
                }
                if (metaLong(IgniteResourceStore.COMPACTED) >= keys.first()) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("log entries " + keys + " are committed (the revision counter is " + to
                            + ") but cannot be read; the Ignite cluster may have lost partitions");
                }
                sleep(10);
            }
        }
        return out;
    }

    private void run() {
        List<Raw> drained = new ArrayList<>();
        while (running) {
            try {
                boolean behind;
                synchronized (pending) {
                    behind = !pending.isEmpty();
                }
                behind |= view.wanted() > view.applied();
                Raw first = incoming.poll(behind ? 2 : 100, TimeUnit.MILLISECONDS);
                drained.clear();
                if (first != null) {
                    drained.add(first);
                }
                incoming.drainTo(drained);
                applyReady(drained);
                fillGap();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                LOG.error("The store tailer failed; retrying in one second", t);
                sleep(1000);
            }
        }
    }

    private void applyReady(List<Raw> raws) {
        List<WatchEvent> ready = new ArrayList<>();
        synchronized (pending) {
            long applied = view.applied();
            for (Raw r : raws) {
                if (r.revision() > applied) {
                    pending.put(r.revision(), r.bytes());
                }
            }
            long next = applied + 1;
            byte[] bytes;
            while ((bytes = pending.remove(next)) != null) {
                ready.add(RecordCodec.decodeEvent(bytes));
                next++;
            }
        }
        view.apply(ready);
    }

    /** Reads missing revisions straight from the log once a gap has lasted a few milliseconds. */
    private void fillGap() {
        long applied = view.applied();
        long target;
        synchronized (pending) {
            target = pending.isEmpty() ? 0 : pending.firstKey() - 1;
        }
        target = Math.max(target, view.wanted());
        if (target <= applied) {
            gapSince = 0;
            fetchBackoffNanos = GAP_WAIT_NANOS;
            return;
        }
        long now = System.nanoTime();
        if (gapSince == 0) {
            gapSince = now;
            nextFetch = now + GAP_WAIT_NANOS;
            return;
        }
        if (now < nextFetch) {
            return;
        }
        long hi = Math.min(target, applied + FETCH_CHUNK);
        TreeSet<Long> keys = new TreeSet<>();
        for (long r = applied + 1; r <= hi; r++) {
            keys.add(r);
        }
        Map<Long, byte[]> got = log.getAll(keys);
        List<Raw> raws = new ArrayList<>(got.size());
        got.forEach((r, b) -> raws.add(new Raw(r, b)));
        applyReady(raws);
        if (view.applied() > applied) {
            gapSince = 0;
            fetchBackoffNanos = GAP_WAIT_NANOS;
            return;
        }
        // Still missing: normally a commit still in flight on another node. Back off a little.
        fetchBackoffNanos = Math.min(fetchBackoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(200));
        nextFetch = now + fetchBackoffNanos;
        if (metaLong(IgniteResourceStore.COMPACTED) > applied) {
            resync();
            return;
        }
        if (now - gapSince > TimeUnit.SECONDS.toNanos(30) && now - lastStuckWarning > TimeUnit.SECONDS.toNanos(30)) {
            lastStuckWarning = now;
            LOG.error("Revision {} is committed but its log entry has not been readable for {} s: watches and lists "
                    + "on this member are stuck at revision {}. Check the Ignite cluster for lost partitions.",
                    applied + 1, (now - gapSince) / 1_000_000_000L, applied);
        }
    }

    /** The history this member still needed was compacted away: rebuild the view from scratch. */
    private void resync() {
        LOG.warn("This member fell behind a compaction (applied {}, compacted {}); rebuilding its store view",
                view.applied(), metaLong(IgniteResourceStore.COMPACTED));
        view.closeAllWatches(new StoreException("the store view on this member was rebuilt after falling behind "
                + "compaction; re-list and watch again"));
        bootstrap();
        gapSince = 0;
    }

    private long lockedCounter() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                    TransactionIsolation.REPEATABLE_READ)) {
                Long v = meta.get(WriteBatcher.REVISION);
                tx.commit();
                return v == null ? 0 : v;
            } catch (RuntimeException e) {
                last = e;
                sleep(100L * attempt);
            }
        }
        throw new StoreException("cannot read the revision counter: " + last, last);
    }

    private long metaLong(String key) {
        Long v = meta.get(key);
        return v == null ? 0 : v;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
