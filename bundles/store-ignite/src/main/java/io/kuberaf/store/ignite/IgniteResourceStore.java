package io.kuberaf.store.ignite;

import io.kuberaf.api.store.CompactedException;
import io.kuberaf.api.store.FutureRevisionException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.StoreStatus;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The {@link ResourceStore} on an embedded Apache Ignite server node. Plain Java: start it with
 * {@link #start(StoreOptions)} and {@link #close()} it; the OSGi component only wraps it.
 *
 * <ul>
 *   <li>Writes go through this member's {@link WriteBatcher} (one transaction per batch, global
 *       counter locked first).</li>
 *   <li>{@link #get} reads {@code kuberaf-kv} directly; lists, counts and watches are served by the
 *       member's {@link StoreView}, fed in revision order by the {@link LogTailer}.</li>
 *   <li>A sweeper (every second) deletes expired keys, notices compactions made by other members,
 *       and on the oldest member runs the automatic compaction.</li>
 * </ul>
 */
public final class IgniteResourceStore implements ResourceStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IgniteResourceStore.class);
    static final String COMPACTED = "compacted";
    static final String LOG_FLOOR = "logFloor";
    private static final long WRITE_TIMEOUT_MS = 60_000;
    private static final long READ_WAIT_MS = 30_000;
    private static final int COMPACT_CHUNK = 1000;

    private final StoreOptions options;
    private final Ignite ignite;
    private final IgniteCache<String, byte[]> kv;
    private final IgniteCache<Long, byte[]> log;
    private final IgniteCache<String, Long> meta;
    private final ExecutorService watchExecutor;
    private final ScheduledExecutorService sweeper;
    private final StoreView view;
    private final WriteBatcher batcher;
    private final LogTailer tailer;
    private final Set<String> expiring = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<long[]> revisionSamples = new ArrayDeque<>(); // {millis, revision}, sweeper only
    private final Object compactionLock = new Object();
    private long lastAutoCompaction = System.currentTimeMillis();
    private volatile boolean closed;

    private IgniteResourceStore(StoreOptions options, Ignite ignite) {
        this.options = options;
        this.ignite = ignite;
        this.kv = IgniteNodeFactory.cache(ignite, IgniteNodeFactory.KV_CACHE);
        this.log = IgniteNodeFactory.cache(ignite, IgniteNodeFactory.LOG_CACHE);
        this.meta = IgniteNodeFactory.cache(ignite, IgniteNodeFactory.META_CACHE);
        String name = options.instanceName;
        int watchThreads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.watchExecutor = Executors.newFixedThreadPool(watchThreads, threads("kuberaf-store-watch-" + name));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(threads("kuberaf-store-sweeper-" + name));
        this.view = new StoreView(watchExecutor, options.watchQueueLimit);
        this.batcher = new WriteBatcher(ignite, kv, log, meta, options.txTimeoutMs, name);
        this.tailer = new LogTailer(ignite, kv, log, meta, view, name);
    }

    /** Starts the Ignite node (or joins the cluster) and the store on it. */
    public static IgniteResourceStore start(StoreOptions options) {
        StoreOptions o = options.copy();
        o.validate();
        LOG.info("Starting the Ignite store: {}", o);
        long t0 = System.nanoTime();
        Ignite ignite = IgniteNodeFactory.start(o);
        IgniteResourceStore store = null;
        try {
            store = new IgniteResourceStore(o, ignite);
            store.tailer.start();
            store.batcher.start();
            store.sweeper.scheduleWithFixedDelay(store::sweep, 1, 1, TimeUnit.SECONDS);
            LOG.info("Ignite store '{}' is up in {} ms: revision {}, {} keys, {} server member(s), {}", o.instanceName,
                    (System.nanoTime() - t0) / 1_000_000, store.view.applied(), store.view.size(),
                    ignite.cluster().forServers().nodes().size(), store.persistenceDescription());
            return store;
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            } else {
                IgniteNodeFactory.stop(o.instanceName);
            }
            throw e;
        }
    }

    /** The Ignite node this store runs on (tests, diagnostics). */
    public Ignite ignite() {
        return ignite;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public long currentRevision() {
        checkOpen();
        return counter();
    }

    @Override
    public long compactedRevision() {
        checkOpen();
        // What lists and watches on this member enforce (another member's compaction shows within a second).
        return view.compacted();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkOpen();
        Objects.requireNonNull(key, "key");
        try {
            return Optional.ofNullable(RecordCodec.decodeRecord(key, kv.get(key)));
        } catch (RuntimeException e) {
            throw storeFailure("read of " + key, e);
        }
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long revision) {
        checkOpen();
        Objects.requireNonNull(prefix, "prefix");
        long rev = revision;
        if (rev <= 0) {
            rev = counter(); // linearizable: every write acknowledged before this call is <= rev
        } else if (rev > view.applied()) {
            long c = counter();
            if (rev > c) {
                throw new FutureRevisionException(rev, c);
            }
        }
        long compacted = view.compacted();
        // As etcd: the state AT the compacted revision is still readable (its later history is kept);
        // only revisions below it are gone. So a list at the current revision never fails.
        if (rev < compacted) {
            throw new CompactedException(rev, compacted);
        }
        view.awaitApplied(rev, READ_WAIT_MS);
        return view.list(prefix, startAfter, limit, rev);
    }

    @Override
    public long count(String prefix) {
        checkOpen();
        return view.count(Objects.requireNonNull(prefix, "prefix"));
    }

    // ----------------------------------------------------------------- writes

    @Override
    public KeyValue create(String key, byte[] value, long ttlSeconds) {
        return write(new WriteBatcher.Op(WriteBatcher.Kind.CREATE, checkKey(key), Objects.requireNonNull(value, "value"),
                0, ttlSeconds)).kv();
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision, long ttlSeconds) {
        return write(new WriteBatcher.Op(WriteBatcher.Kind.UPDATE, checkKey(key), Objects.requireNonNull(value, "value"),
                expectedModRevision, ttlSeconds)).kv();
    }

    @Override
    public WatchEvent delete(String key, long expectedModRevision) {
        return write(new WriteBatcher.Op(WriteBatcher.Kind.DELETE, checkKey(key), null, expectedModRevision, 0));
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        return key;
    }

    private WatchEvent write(WriteBatcher.Op op) {
        checkOpen();
        if (op.ttlSeconds < 0) {
            throw new IllegalArgumentException("ttlSeconds must be >= 0");
        }
        try {
            return batcher.submit(op).get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("write of " + op.key + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("write of " + op.key + " not acknowledged within " + WRITE_TIMEOUT_MS
                    + " ms; its outcome is unknown, read the key to find out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing " + op.key + "; its outcome is unknown");
        }
    }

    // ---------------------------------------------------------------- watches

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        checkOpen();
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (afterRevision > view.applied() && afterRevision <= counter()) {
            view.awaitApplied(afterRevision, READ_WAIT_MS);
        }
        return view.watch(prefix, afterRevision, listener);
    }

    // ------------------------------------------------------------- compaction

    @Override
    public long compact(long revision) {
        checkOpen();
        synchronized (compactionLock) {
            long known = Math.max(view.compacted(), metaLong(COMPACTED));
            if (revision <= known) {
                view.compactTo(known);
                return known;
            }
            long c = counter();
            if (revision > c) {
                throw new FutureRevisionException(revision, c);
            }
            view.awaitApplied(revision, READ_WAIT_MS);
            long compacted;
            try {
                compacted = raiseMeta(COMPACTED, revision);
                view.compactTo(compacted);
                // Mark first, delete after: a member that finds an entry missing sees it is compacted.
                long floor = metaLong(LOG_FLOOR);
                for (long lo = floor + 1; lo <= compacted; lo += COMPACT_CHUNK) {
                    long hi = Math.min(compacted, lo + COMPACT_CHUNK - 1);
                    TreeSet<Long> keys = new TreeSet<>();
                    for (long r = lo; r <= hi; r++) {
                        keys.add(r);
                    }
                    log.removeAll(keys);
                }
                raiseMeta(LOG_FLOOR, compacted);
            } catch (RuntimeException e) {
                throw storeFailure("compaction to " + revision, e);
            }
            view.compactTo(compacted);
            LOG.debug("Compacted the store history up to revision {}", compacted);
            return compacted;
        }
    }

    /** meta[key] = max(meta[key], value) in a transaction; returns the new value. */
    private long raiseMeta(String key, long value) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Long old = meta.get(key);
            long v = Math.max(old == null ? 0 : old, value);
            if (old == null || v > old) {
                meta.put(key, v);
            }
            tx.commit();
            return v;
        }
    }

    // ---------------------------------------------------------------- sweeper

    private void sweep() {
        if (closed) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            view.want(counter()); // lets the tailer notice a revision it was never notified of
            long compacted = metaLong(COMPACTED);
            if (compacted > view.compacted()) {
                view.compactTo(compacted);
            }
            expire(now);
            autoCompact(now);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Store maintenance (expiry, compaction) failed: {}", e.toString());
            }
        }
    }

    private void expire(long now) {
        for (KeyValue kv : view.expired(now)) {
            if (!expiring.add(kv.key())) {
                continue;
            }
            // Guarded by the modification revision: members racing to expire a key delete it once.
            batcher.submit(new WriteBatcher.Op(WriteBatcher.Kind.DELETE, kv.key(), null, kv.modRevision(), 0))
                    .whenComplete((event, failure) -> {
                        expiring.remove(kv.key());
                        if (event != null) {
                            LOG.debug("Expired {} at revision {}", kv.key(), event.revision());
                        }
                    });
        }
    }

    private void autoCompact(long now) {
        if (options.compactionIntervalSeconds <= 0) {
            return;
        }
        revisionSamples.addLast(new long[] {now, view.applied()});
        long cutoff = now - options.compactionRetentionSeconds * 1000;
        // Keep only the newest sample at or before the cutoff, and every later one.
        long[] head = revisionSamples.pollFirst();
        while (!revisionSamples.isEmpty() && revisionSamples.peekFirst()[0] <= cutoff) {
            head = revisionSamples.pollFirst();
        }
        revisionSamples.addFirst(head);
        long target = head[0] <= cutoff ? head[1] : 0;
        if (now - lastAutoCompaction < options.compactionIntervalSeconds * 1000) {
            return;
        }
        lastAutoCompaction = now;
        ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
        if (oldest == null || !oldest.isLocal() || target <= view.compacted()) {
            return;
        }
        long done = compact(target);
        LOG.info("Automatic compaction: history up to revision {} dropped (keeping the last {} s)", done,
                options.compactionRetentionSeconds);
    }

    // ----------------------------------------------------------------- status

    @Override
    public StoreStatus status() {
        checkOpen();
        List<String> members = new ArrayList<>();
        ClusterNode local = ignite.cluster().localNode();
        members.add(describe(local));
        Collection<ClusterNode> servers = ignite.cluster().forServers().nodes();
        for (ClusterNode n : servers) {
            if (!n.isLocal()) {
                members.add(describe(n));
            }
        }
        return new StoreStatus("Apache Ignite " + ignite.version(), List.copyOf(members), counter(),
                compactedRevision(), view.size(), persistenceDescription(), dataSizeOnDisk());
    }

    private static String describe(ClusterNode n) {
        return n.consistentId() + " " + n.addresses() + (n.isLocal() ? " (this member)" : "");
    }

    private String persistenceDescription() {
        return options.persistenceEnabled
                ? "native persistence, WAL " + options.walMode.toUpperCase() + ", backups " + options.backups
                : "in memory, backups " + options.backups;
    }

    private long dataSizeOnDisk() {
        if (!options.persistenceEnabled) {
            return 0;
        }
        Path dir = options.storagePath;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    // -------------------------------------------------------------- lifecycle

    /**
     * Stops the store and the Ignite node: no new writes, the batch being committed finishes,
     * watches end, then the node leaves the cluster gracefully.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Stopping the Ignite store '{}'", options.instanceName);
        sweeper.shutdownNow();
        batcher.stop();
        tailer.stop();
        view.close();
        watchExecutor.shutdown();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
            if (!watchExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                watchExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IgniteNodeFactory.stop(options.instanceName);
        LOG.info("Ignite store '{}' stopped", options.instanceName);
    }

    // ---------------------------------------------------------------- helpers

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the store on this member is stopped");
        }
    }

    private long counter() {
        return metaLong(WriteBatcher.REVISION);
    }

    private long metaLong(String key) {
        try {
            Long v = meta.get(key);
            return v == null ? 0 : v;
        } catch (RuntimeException e) {
            throw storeFailure("read of the store's " + key + " counter", e);
        }
    }

    private static StoreException storeFailure(String what, RuntimeException e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException(what + " failed: " + e + "; check that the Ignite cluster is active and reachable", e);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
