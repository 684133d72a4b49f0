package io.kuberaf.bench.store;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** The measuring loops, independent of the backend. */
final class Workloads {

    /** Latencies are recorded in nanoseconds, up to 60 s, 3 significant digits. */
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Workloads() {
    }

    @FunctionalInterface
    interface Op {
        /** One operation of thread {@code thread}, its {@code i}-th. */
        void run(int thread, long i) throws Exception;
    }

    /** The outcome of a closed-loop phase. */
    /** Milliseconds this JVM spent in garbage collection so far (all collectors). */
    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    record Throughput(long ops, long elapsedNanos, Histogram latency, long errors, String firstError, long gcMs) {
        double opsPerSecond() {
            return ops * 1e9 / elapsedNanos;
        }

        double p50Ms() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Ms() {
            return latency.getValueAtPercentile(99) / 1e6;
        }

        String summary() {
            return String.format("%,.0f ops/s, mean %.3f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.1f ms (%,d ops, GC %d ms%s)",
                    opsPerSecond(), latency.getMean() / 1e6, p50Ms(), latency.getValueAtPercentile(90) / 1e6, p99Ms(),
                    latency.getMaxValue() / 1e6, ops, gcMs, errors > 0 ? ", " + errors + " errors: " + firstError : "");
        }
    }

    /**
     * {@code threads} threads each run {@code op} back to back (closed loop) for {@code duration};
     * the rate is all completed operations over the time from the common start until the last
     * thread finished its last operation.
     */
    static Throughput closedLoop(int threads, Duration duration, Op op) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] histograms = new Histogram[threads];
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            histograms[t] = new Histogram(MAX_NANOS, 3);
            Thread w = new Thread(() -> {
                Histogram h = histograms[thread];
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = deadline.get();
                long i = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(thread, i);
                        h.recordValue(Math.min(System.nanoTime() - t0, MAX_NANOS));
                        i++;
                    } catch (Exception e) {
                        if (firstError.compareAndSet(null, e.toString())) {
                            System.err.println("  first error: " + e);
                        }
                        if (errors.incrementAndGet() > 1000) {
                            break;
                        }
                    }
                }
                counts[thread] = i;
            }, "bench-" + t);
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
        for (int t = 0; t < threads; t++) {
            all.add(histograms[t]);
            ops += counts[t];
        }
        return new Throughput(ops, elapsed, all, errors.get(), firstError.get(), gcMillis() - gc0);
    }

    /** Runs {@code op} once for every i in [0, count) on {@code threads} threads (a load, not a measurement). */
    static void load(int threads, int count, Op op) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                    try {
                        op.run(thread, i);
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

    /** Times {@code runs} calls of a list (after {@code warmups} untimed ones); returns the times in ms, sorted. */
    static double[] timeRuns(int warmups, int runs, int expected, ListOp op) throws Exception {
        for (int i = 0; i < warmups; i++) {
            check(op.run(), expected);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            int n = op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            check(n, expected);
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void check(int got, int expected) {
        if (got != expected) {
            throw new IllegalStateException("list returned " + got + " keys, expected " + expected);
        }
    }

    @FunctionalInterface
    interface ListOp {
        int run() throws Exception;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ watch

    /** Several phases of the same kind as one: operations and times added, histograms merged. */
    static Throughput merge(List<Throughput> parts) {
        Histogram all = new Histogram(MAX_NANOS, 3);
        long ops = 0;
        long nanos = 0;
        long errors = 0;
        long gc = 0;
        String first = null;
        for (Throughput t : parts) {
            all.add(t.latency());
            ops += t.ops();
            nanos += t.elapsedNanos();
            errors += t.errors();
            gc += t.gcMs();
            first = first != null ? first : t.firstError();
        }
        return new Throughput(ops, nanos, all, errors, first, gc);
    }

    static WatchLatency merge(List<WatchLatency> parts, int rate) {
        Histogram all = new Histogram(MAX_NANOS, 3);
        long sent = 0;
        long received = 0;
        long errors = 0;
        double seconds = 0;
        for (WatchLatency w : parts) {
            all.add(w.latency());
            sent += w.sent();
            received += w.received();
            errors += w.errors();
            seconds += (w.sent() + w.errors()) / w.achievedRate();
        }
        return new WatchLatency(sent, received, seconds > 0 ? (sent + errors) / seconds : rate, all, errors);
    }

    /** The outcome of a watch-delivery phase. */
    record WatchLatency(long sent, long received, double achievedRate, Histogram latency, long errors) {
        double p50Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6;
        }

        String summary() {
            return String.format("p50 %.2f ms, p99 %.2f ms, max %.1f ms; %,d of %,d events received, %.1f puts/s%s",
                    p50Ms(), p99Ms(), latency.getMaxValue() / 1e6, received, sent, achievedRate,
                    errors > 0 ? ", " + errors + " put errors" : "");
        }
    }

    /** Value of {@code size} bytes: the put's start time (nanoTime), a tag, then random filler. */
    static byte[] stampedValue(int size, long tag) {
        byte[] v = new byte[size];
        ThreadLocalRandom.current().nextBytes(v);
        ByteBuffer.wrap(v).putLong(System.nanoTime()).putLong(tag);
        return v;
    }

    static long stamp(byte[] v) {
        return ByteBuffer.wrap(v).getLong(0);
    }

    static long tag(byte[] v) {
        return v.length >= 16 ? ByteBuffer.wrap(v).getLong(8) : Long.MIN_VALUE;
    }

    /**
     * Watches {@code prefix} and puts to {@code keys} at a steady {@code rate} per second for
     * {@code duration} (open loop: a pacer thread hands each put to a small pool at its scheduled
     * time, so a slow put does not lower the rate). Each value carries the time its put started;
     * the watcher records now minus that time for every event of this phase.
     */
    static WatchLatency watchDelivery(Backend b, String prefix, List<String> keys, int valueSize, int rate,
                                      Duration duration, long tag) throws Exception {
        Histogram latency = new Histogram(MAX_NANOS, 3);
        AtomicLong received = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        long probeTag = tag ^ 0x5a5a5a5a5a5a5a5aL;
        try (AutoCloseable watch = b.watch(prefix, v -> {
            long now = System.nanoTime();
            long t = tag(v);
            if (t == tag) {
                synchronized (latency) {
                    latency.recordValue(Math.min(Math.max(0, now - stamp(v)), MAX_NANOS));
                }
                received.incrementAndGet();
            } else if (t == probeTag) {
                probes.incrementAndGet();
            }
        })) {
            // The watch is established once it delivers a probe put (both clients set up watches asynchronously).
            long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (probes.get() == 0) {
                if (System.nanoTime() > probeDeadline) {
                    throw new IllegalStateException("the watch on " + prefix + " delivered no event within 30 s");
                }
                b.put(keys.get(0), stampedValue(valueSize, probeTag));
                Thread.sleep(50);
            }
            int count = (int) (rate * duration.toMillis() / 1000);
            long period = 1_000_000_000L / rate;
            AtomicLong errors = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "watch-writer");
                t.setDaemon(true);
                return t;
            });
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * period;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                String key = keys.get(i % keys.size());
                pool.execute(() -> {
                    try {
                        b.put(key, stampedValue(valueSize, tag));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
            double achieved = count * 1e9 / (System.nanoTime() - start);
            long sent = count - errors.get();
            long waitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < sent && System.nanoTime() < waitDeadline) {
                Thread.sleep(10);
            }
            synchronized (latency) {
                return new WatchLatency(sent, received.get(), achieved, latency.copy(), errors.get());
            }
        }
    }
}
