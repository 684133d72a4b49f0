package io.kuberaf.store.ignite;

import io.kuberaf.api.store.CompactedException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * This member's in-memory picture of the store, fed in revision order by the {@link LogTailer}:
 * the state at {@link #applied()} ({@code current}), the history of events in
 * ({@code compacted}, {@code applied}] and the registered watchers.
 *
 * <p>One read-write lock orders everything: the tailer applies events under the write lock (and
 * hands each event to the matching watchers' queues there), lists read under the read lock, and a
 * watch is registered (history replay queued + added to the live set) under the write lock, so a
 * watcher gets every event after its start revision exactly once. Listeners are never called with
 * the lock held: each watch drains its own queue on the shared watch executor.
 */
final class StoreView {

    private static final Logger LOG = LoggerFactory.getLogger(StoreView.class);
    /** Marks "the key did not exist at that revision" in a past-revision list. */
    private static final KeyValue ABSENT = new KeyValue("", new byte[0], -1, -1, 0);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentSkipListMap<String, KeyValue> current = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, WatchEvent> history = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListSet<Expiry> expiry = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<String, Set<ViewWatch>> watchers = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final AtomicLong wanted = new AtomicLong();
    private final Executor watchExecutor;
    private final int watchQueueLimit;
    private volatile long applied;
    private volatile long compacted;
    private volatile boolean closed;

    record Expiry(long at, String key) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    StoreView(Executor watchExecutor, int watchQueueLimit) {
        this.watchExecutor = watchExecutor;
        this.watchQueueLimit = watchQueueLimit;
    }

    long applied() {
        return applied;
    }

    long compacted() {
        return compacted;
    }

    /** A revision some reader needs; the tailer fetches missing log entries up to it. */
    long wanted() {
        return wanted.get();
    }

    void want(long revision) {
        wanted.accumulateAndGet(revision, Math::max);
    }

    /** Replaces the whole view: the state at {@code revision} and the history in (compacted, revision]. */
    void reset(Map<String, KeyValue> state, NavigableMap<Long, WatchEvent> events, long revision, long compactedRevision) {
        List<ViewWatch> stale = new ArrayList<>();
        lock.writeLock().lock();
        try {
            // A watch registered before a rebuild would silently skip (applied, revision]: end it.
            watchers.values().forEach(stale::addAll);
            watchers.clear();
            current.clear();
            current.putAll(state);
            history.clear();
            history.putAll(events.tailMap(compactedRevision, false));
            expiry.clear();
            for (KeyValue kv : state.values()) {
                if (kv.expires()) {
                    expiry.add(new Expiry(kv.expiresAtMillis(), kv.key()));
                }
            }
            applied = revision;
            compacted = compactedRevision;
        } finally {
            lock.writeLock().unlock();
        }
        for (ViewWatch w : stale) {
            w.fail(new StoreException("the store view on this member was rebuilt; re-list and watch again"));
        }
        signal();
    }

    /** Applies events whose revisions are exactly applied+1, applied+2, ... */
    void apply(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            for (WatchEvent e : events) {
                if (e.revision() != applied + 1) {
                    throw new IllegalStateException("out of order apply: " + e.revision() + " after " + applied);
                }
                String key = e.key();
                KeyValue prev = current.get(key);
                if (prev != null && prev.expires()) {
                    expiry.remove(new Expiry(prev.expiresAtMillis(), key));
                }
                if (e.kv() != null) {
                    current.put(key, e.kv());
                    if (e.kv().expires()) {
                        expiry.add(new Expiry(e.kv().expiresAtMillis(), key));
                    }
                } else {
                    current.remove(key);
                }
                history.put(e.revision(), e);
                applied = e.revision();
                dispatch(e);
            }
        } finally {
            lock.writeLock().unlock();
        }
        signal();
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Waits until the view has applied {@code revision}. */
    void awaitApplied(long revision, long timeoutMs) {
        if (applied >= revision) {
            return;
        }
        want(revision);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (progress) {
            while (applied < revision) {
                if (closed) {
                    throw new StoreException("the store is stopped");
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new StoreException("timed out after " + timeoutMs + " ms waiting for revision " + revision
                            + " to reach this member (it has applied " + applied + "); check the Ignite cluster's health");
                }
                try {
                    progress.wait(Math.min(left, 100));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for revision " + revision);
                }
            }
        }
    }

    /** Drops the history at or below {@code revision}. */
    /**
     * Drops history at or below {@code revision}, never past what this view has applied (another
     * member may have compacted further than this one has read).
     */
    void compactTo(long revision) {
        if (revision <= compacted) {
            return;
        }
        lock.writeLock().lock();
        try {
            revision = Math.min(revision, applied);
            if (revision > compacted) {
                compacted = revision;
                history.headMap(revision, true).clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    long count(String prefix) {
        long n = 0;
        for (String key : current.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            n++;
        }
        return n;
    }

    int size() {
        return current.size();
    }

    /**
     * One page of keys under {@code prefix} at {@code revision}, which must be in [compacted, applied].
     * The state of a key at a past revision R is the previous value carried by its earliest event in
     * (R, applied], or its current value when it has no such event.
     */
    ListResult list(String prefix, String startAfter, int limit, long revision) {
        lock.readLock().lock();
        try {
            if (revision < compacted) {
                throw new CompactedException(revision, compacted);
            }
            if (revision > applied) {
                throw new IllegalStateException("revision " + revision + " not applied yet (" + applied + ")");
            }
            String from = startAfter != null && startAfter.compareTo(prefix) >= 0 ? startAfter : prefix;
            boolean inclusive = !(startAfter != null && startAfter.compareTo(prefix) >= 0);

            TreeMap<String, KeyValue> overrides = new TreeMap<>();
            if (revision < applied) {
                for (WatchEvent e : history.tailMap(revision, false).values()) {
                    String key = e.key();
                    if (key.startsWith(prefix) && (inclusive ? key.compareTo(from) >= 0 : key.compareTo(from) > 0)) {
                        overrides.putIfAbsent(key, e.prevKv() != null ? e.prevKv() : ABSENT);
                    }
                }
            }
            Iterator<Map.Entry<String, KeyValue>> a = current.tailMap(from, inclusive).entrySet().iterator();
            Iterator<Map.Entry<String, KeyValue>> b = overrides.entrySet().iterator();
            Map.Entry<String, KeyValue> ea = nextUnder(a, prefix);
            Map.Entry<String, KeyValue> eb = b.hasNext() ? b.next() : null;
            List<KeyValue> items = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 64);
            long remaining = 0;
            while (ea != null || eb != null) {
                KeyValue kv;
                int c = ea == null ? 1 : eb == null ? -1 : ea.getKey().compareTo(eb.getKey());
                if (c < 0) {
                    kv = ea.getValue();
                    ea = nextUnder(a, prefix);
                } else {
                    kv = eb.getValue();
                    eb = b.hasNext() ? b.next() : null;
                    if (c == 0) {
                        ea = nextUnder(a, prefix);
                    }
                }
                if (kv == ABSENT) {
                    continue;
                }
                if (limit <= 0 || items.size() < limit) {
                    items.add(kv);
                } else {
                    remaining++;
                }
            }
            String continueKey = remaining > 0 ? items.get(items.size() - 1).key() : null;
            return new ListResult(List.copyOf(items), revision, continueKey, remaining);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static Map.Entry<String, KeyValue> nextUnder(Iterator<Map.Entry<String, KeyValue>> it, String prefix) {
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<String, KeyValue> e = it.next();
        return e.getKey().startsWith(prefix) ? e : null;
    }

    /** Keys whose time to live has run out at {@code now}, with the record that expires. */
    List<KeyValue> expired(long now) {
        List<KeyValue> out = new ArrayList<>();
        for (Expiry x : expiry) {
            if (x.at() > now) {
                break;
            }
            KeyValue kv = current.get(x.key());
            if (kv != null && kv.expiresAtMillis() == x.at()) {
                out.add(kv);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- watches

    Watch watch(String prefix, long afterRevision, WatchListener listener) {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new StoreException("the store is stopped");
            }
            long start = afterRevision <= 0 ? applied : afterRevision;
            if (start < compacted) {
                throw new CompactedException(start, compacted);
            }
            ViewWatch w = new ViewWatch(this, prefix, start, listener, watchExecutor, watchQueueLimit);
            if (start < applied) {
                for (WatchEvent e : history.tailMap(start, false).values()) {
                    if (e.key().startsWith(prefix)) {
                        w.offer(e);
                    }
                }
            }
            watchers.compute(prefix, (p, set) -> {
                Set<ViewWatch> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(w);
                return s;
            });
            return w;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(ViewWatch w) {
        watchers.computeIfPresent(w.prefix(), (p, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    int watchCount() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    /** Called under the write lock for every applied event. */
    private void dispatch(WatchEvent e) {
        if (watchers.isEmpty()) {
            return;
        }
        String key = e.key();
        if (watchers.size() <= 16) {
            for (Map.Entry<String, Set<ViewWatch>> entry : watchers.entrySet()) {
                if (key.startsWith(entry.getKey())) {
                    for (ViewWatch w : entry.getValue()) {
                        w.offer(e);
                    }
                }
            }
            return;
        }
        // Many distinct prefixes: look up every prefix of the key instead of testing every watcher.
        for (int i = 0; i <= key.length(); i++) {
            Set<ViewWatch> set = watchers.get(key.substring(0, i));
            if (set != null) {
                for (ViewWatch w : set) {
                    w.offer(e);
                }
            }
        }
    }

    /** Ends every watch with {@code cause} (the view was rebuilt, or the store stops). */
    void closeAllWatches(StoreException cause) {
        List<ViewWatch> all = new ArrayList<>();
        lock.writeLock().lock();
        try {
            watchers.values().forEach(all::addAll);
            watchers.clear();
        } finally {
            lock.writeLock().unlock();
        }
        for (ViewWatch w : all) {
            if (cause != null) {
                w.fail(cause);
            } else {
                w.close();
            }
        }
        if (!all.isEmpty()) {
            LOG.info("Closed {} watches: {}", all.size(), cause != null ? cause.getMessage() : "store stopping");
        }
    }

    void close() {
        closed = true;
        closeAllWatches(new StoreException("the store on this member is stopping; watch again"));
        signal();
    }
}
