package io.kuberaf.bench.apiserver;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** The measuring loops (closed loop from bench/store's Workloads; open loop for the SLO scenario). */
final class Loops {

    /** Latencies are recorded in nanoseconds, up to 60 s, 3 significant digits. */
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Loops() {
    }

    @FunctionalInterface
    interface Op {
        /** One operation of client {@code client}, its {@code i}-th. */
        void run(int client, long i) throws Exception;
    }

    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** The outcome of a phase: completed operations, wall time, latency of the completed ones, failures. */
    record Result(long ops, long elapsedNanos, Histogram latency, long errors, String firstError, long gcMs) {
        double opsPerSecond() {
            return ops * 1e9 / elapsedNanos;
        }

        double p50Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
        }

        String summary() {
            return String.format("%,.0f ops/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms (%,d ops, GC %d ms%s)",
                    opsPerSecond(), p50Ms(), latency.getValueAtPercentile(90) / 1e6, p99Ms(), maxMs(), ops, gcMs,
                    errors > 0 ? ", " + errors + " errors, first: " + firstError : "");
        }
    }

    /**
     * {@code clients} threads each run {@code op} back to back (closed loop) for {@code duration};
     * the rate is all completed operations over the time from the common start until the last
     * thread finished its last operation. Operation numbers {@code i} start at {@code firstOp}.
     */
    static Result closedLoop(int clients, Duration duration, long firstOp, Op op) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] histograms = new Histogram[clients];
        long[] counts = new long[clients];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int client = t;
            histograms[t] = new Histogram(MAX_NANOS, 3);
            Thread w = new Thread(() -> {
                Histogram h = histograms[client];
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = deadline.get();
                long i = firstOp;
                long done = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(client, i++);
                        h.recordValue(Math.min(System.nanoTime() - t0, MAX_NANOS));
                        done++;
                    } catch (Exception e) {
                        firstError.compareAndSet(null, e.toString());
                        if (errors.incrementAndGet() > 1000) {
                            break;
                        }
                    }
                }
                counts[client] = done;
            }, "client-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        ready.await();
        long gc0 = gcMillis();
        long start = System.nanoTime();
        deadline.set(start + duration.toNanos());
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        Histogram all = new Histogram(MAX_NANOS, 3);
        long ops = 0;
        for (int t = 0; t < clients; t++) {
            all.add(histograms[t]);
            ops += counts[t];
        }
        return new Result(ops, elapsed, all, errors.get(), firstError.get(), gcMillis() - gc0);
    }

    /** Runs {@code op} once for every i in [0, count) on {@code threads} threads (a load, not a measurement). */
    static void load(int threads, int count, Op op) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int client = t;
            Thread w = new Thread(() -> {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                    try {
                        op.run(client, i);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "load-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * Open loop: operation i is due at start + i / rate; a pacer thread hands it to a pool at that
     * time (the pool grows as needed, so a slow operation never delays the next ones). Latency is
     * measured from the due time, not from when a thread picked the operation up: queueing in the
     * client counts against the server, never in its favour (no coordinated omission).
     * {@code elapsedNanos} of the result is the time the pacer needed to issue all operations, so
     * {@code opsPerSecond} is the rate actually offered.
     */
    static Result openLoop(double rate, Duration duration, long firstOp, OpenOp op) throws InterruptedException {
        int count = (int) Math.round(rate * duration.toNanos() / 1e9);
        double period = 1e9 / rate;
        Histogram latency = new Histogram(MAX_NANOS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "open-loop-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long gc0 = gcMillis();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + Math.round(i * period);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            long n = firstOp + i;
            pool.execute(() -> {
                try {
                    op.run(n, due);
                    long took = System.nanoTime() - due;
                    synchronized (latency) {
                        latency.recordValue(Math.min(took, MAX_NANOS));
                    }
                } catch (Exception e) {
                    firstError.compareAndSet(null, e.toString());
                    errors.incrementAndGet();
                }
            });
        }
        long offered = System.nanoTime() - start;
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        // elapsed covers the count intervals the pacer spanned (count - 1 periods plus the last one)
        long elapsed = Math.max(offered + Math.round(period), 1);
        synchronized (latency) {
            return new Result(latency.getTotalCount(), elapsed, latency.copy(), errors.get(), firstError.get(),
                    gcMillis() - gc0);
        }
    }

    @FunctionalInterface
    interface OpenOp {
        /** Operation {@code i}, due at {@code dueNanos} (System.nanoTime()). */
        void run(long i, long dueNanos) throws Exception;
    }
}
