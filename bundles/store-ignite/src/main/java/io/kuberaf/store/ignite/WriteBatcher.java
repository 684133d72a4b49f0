package io.kuberaf.store.ignite;

import io.kuberaf.api.store.ConflictException;
import io.kuberaf.api.store.KeyExistsException;
import io.kuberaf.api.store.KeyNotFoundException;
import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.WatchEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The commit pipeline of one member. Callers enqueue operations; one writer thread takes up to
 * {@link #MAX_BATCH} of them and commits them in ONE pessimistic REPEATABLE_READ transaction:
 *
 * <ol>
 *   <li>{@code meta.get("revision")} first: this locks the global counter, so every store
 *       transaction in the cluster is serialized on it and commits in revision order (and since
 *       every transaction takes that lock first, no two can deadlock on the other keys);</li>
 *   <li>{@code kv.getAll(keys)} (locks the batch's keys), then each operation is decided in order
 *       against a local overlay (two operations on one key in a batch see each other); each success
 *       takes the next revision, a failed compare-and-swap takes none;</li>
 *   <li>{@code kv.putAll/removeAll}, {@code log.putAll(revision -> event)},
 *       {@code meta.put("revision", last)}, commit: one WAL fsync for the whole batch (group commit).</li>
 * </ol>
 *
 * Because the counter lock is held until commit, when revision N is committed every revision below
 * N is committed too: the {@link LogTailer} relies on it to fill gaps.
 */
final class WriteBatcher {

    static final int MAX_BATCH = 256;
    static final String REVISION = "revision";
    private static final Logger LOG = LoggerFactory.getLogger(WriteBatcher.class);
    private static final int ATTEMPTS = 6;

    enum Kind { CREATE, UPDATE, DELETE }

    static final class Op {
        final Kind kind;
        final String key;
        final byte[] value;
        final long expectedModRevision;
        final long ttlSeconds;
        final CompletableFuture<WatchEvent> future = new CompletableFuture<>();

        Op(Kind kind, String key, byte[] value, long expectedModRevision, long ttlSeconds) {
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.expectedModRevision = expectedModRevision;
            this.ttlSeconds = ttlSeconds;
        }
    }

    /** What a batch decided: per op either an event or a failure; and its revision range. */
    private record Outcome(Object[] results, long firstRevision, long lastRevision, byte[] firstEvent) {
    }

    private final Ignite ignite;
    private final IgniteCache<String, byte[]> kv;
    private final IgniteCache<Long, byte[]> log;
    private final IgniteCache<String, Long> meta;
    private final long txTimeoutMs;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopping;

    WriteBatcher(Ignite ignite, IgniteCache<String, byte[]> kv, IgniteCache<Long, byte[]> log,
                 IgniteCache<String, Long> meta, long txTimeoutMs, String name) {
        this.ignite = ignite;
        this.kv = kv;
        this.log = log;
        this.meta = meta;
        this.txTimeoutMs = txTimeoutMs;
        this.writer = new Thread(this::run, "kuberaf-store-writer-" + name);
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    CompletableFuture<WatchEvent> submit(Op op) {
        if (stopping) {
            op.future.completeExceptionally(new StoreException("the store on this member is stopping"));
            return op.future;
        }
        queue.add(op);
        if (stopping && queue.remove(op)) {
            op.future.completeExceptionally(new StoreException("the store on this member is stopping"));
        }
        return op.future;
    }

    /** Finishes the batch in progress, fails what is still queued, and stops the writer thread. */
    void stop() {
        stopping = true;
        try {
            writer.join(txTimeoutMs * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("The store writer thread did not finish its batch in time; interrupting it");
            writer.interrupt();
            try {
                writer.join(txTimeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
    }

    private void failQueued() {
        List<Op> left = new ArrayList<>();
        queue.drainTo(left);
        for (Op op : left) {
            op.future.completeExceptionally(new StoreException("the store on this member is stopping"));
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping) {
            try {
                Op first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                execute(batch);
            } catch (InterruptedException e) {
                // stop() gave up waiting: the batch in hand may or may not have committed.
                for (Op op : batch) {
                    op.future.completeExceptionally(new StoreException(
                            "the store on this member stopped during this write; its outcome is unknown: re-read the key"));
                }
                break;
            } catch (Throwable t) {
                LOG.error("Unexpected failure in the store writer", t);
                for (Op op : batch) {
                    op.future.completeExceptionally(new StoreException("write failed: " + t, t));
                }
            }
        }
        failQueued();
    }

    private void execute(List<Op> batch) throws InterruptedException {
        Outcome attempted = null; // a batch whose commit failed: it may have been committed anyway
        RuntimeException lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Outcome outcome = null;
            try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                    TransactionIsolation.REPEATABLE_READ, txTimeoutMs, batch.size() * 3 + 1)) {
                Long counter = meta.get(REVISION); // the global lock: taken first, held until commit
                long revision = counter == null ? 0 : counter;
                if (attempted != null && attempted.firstRevision() > 0 && revision >= attempted.lastRevision()
                        && Arrays.equals(log.get(attempted.firstRevision()), attempted.firstEvent())) {
                    // The previous attempt did commit before its failure was reported.
                    tx.rollback();
                    complete(batch, attempted);
                    return;
                }
                outcome = decideAndWrite(batch, revision);
                if (outcome.firstRevision() > 0) {
                    try {
                        tx.commit();
                    } catch (RuntimeException e) {
                        attempted = outcome;
                        throw e;
                    }
                } else {
                    tx.rollback();
                }
                complete(batch, outcome);
                return;
            } catch (RuntimeException e) {
                lastError = e;
                if (stopping && attempt >= 2) {
                    break;
                }
                LOG.warn("Store write transaction failed (attempt {}/{} for {} operations): {}",
                        attempt, ATTEMPTS, batch.size(), e.toString());
                Thread.sleep(Math.min(2000, 50L << attempt));
            }
        }
        StoreException failure = new StoreException("the write could not be committed to the Ignite cluster after "
                + ATTEMPTS + " attempts: " + lastError + "; check that the cluster is active and its members are up",
                lastError);
        for (Op op : batch) {
            op.future.completeExceptionally(failure);
        }
    }

    private Outcome decideAndWrite(List<Op> batch, long revision) {
        TreeSet<String> keys = new TreeSet<>();
        for (Op op : batch) {
            keys.add(op.key);
        }
        Map<String, byte[]> stored = kv.getAll(keys);
        Map<String, KeyValue> overlay = new HashMap<>();
        for (String key : keys) {
            overlay.put(key, RecordCodec.decodeRecord(key, stored.get(key)));
        }
        Object[] results = new Object[batch.size()];
        TreeMap<Long, byte[]> events = new TreeMap<>();
        long first = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            KeyValue cur = overlay.get(op.key);
            StoreException failure = check(op, cur);
            if (failure != null) {
                results[i] = failure;
                continue;
            }
            long rev = ++revision;
            if (first == 0) {
                first = rev;
            }
            WatchEvent event;
            long expires = op.ttlSeconds > 0 ? now + op.ttlSeconds * 1000 : 0;
            switch (op.kind) {
                case CREATE -> event = new WatchEvent(WatchEvent.Type.CREATE, rev,
                        new KeyValue(op.key, op.value, rev, rev, expires), null);
                case UPDATE -> event = new WatchEvent(WatchEvent.Type.UPDATE, rev,
                        new KeyValue(op.key, op.value, cur.createRevision(), rev, expires), cur);
                default -> event = new WatchEvent(WatchEvent.Type.DELETE, rev, null, cur);
            }
            overlay.put(op.key, event.kv());
            events.put(rev, RecordCodec.encodeEvent(event));
            results[i] = event;
        }
        if (first == 0) {
            return new Outcome(results, 0, 0, null);
        }
        TreeMap<String, byte[]> puts = new TreeMap<>();
        TreeSet<String> removes = new TreeSet<>();
        for (Map.Entry<String, KeyValue> e : overlay.entrySet()) {
            KeyValue before = RecordCodec.decodeRecord(e.getKey(), stored.get(e.getKey()));
            KeyValue after = e.getValue();
            if (after != null && (before == null || before.modRevision() != after.modRevision())) {
                puts.put(e.getKey(), RecordCodec.encodeRecord(after));
            } else if (after == null && before != null) {
                removes.add(e.getKey());
            }
        }
        if (!puts.isEmpty()) {
            kv.putAll(puts);
        }
        if (!removes.isEmpty()) {
            kv.removeAll(removes);
        }
        log.putAll(events);
        meta.put(REVISION, revision);
        return new Outcome(results, first, revision, events.get(first));
    }

    private static StoreException check(Op op, KeyValue cur) {
        switch (op.kind) {
            case CREATE:
                return cur != null ? new KeyExistsException(cur) : null;
            default:
                if (cur == null) {
                    return new KeyNotFoundException(op.key);
                }
                if (op.expectedModRevision != 0 && cur.modRevision() != op.expectedModRevision) {
                    return new ConflictException(cur, op.expectedModRevision);
                }
                return null;
        }
    }

    private static void complete(List<Op> batch, Outcome outcome) {
        for (int i = 0; i < batch.size(); i++) {
            Object r = outcome.results()[i];
            if (r instanceof WatchEvent e) {
                batch.get(i).future.complete(e);
            } else {
                batch.get(i).future.completeExceptionally((StoreException) r);
            }
        }
    }
}
