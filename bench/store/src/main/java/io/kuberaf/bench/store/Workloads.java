package io.kuberaf.bench.store;

import io.kuberaf.bench.support.Loops;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The store workloads, independent of the backend, on top of the shared measuring {@link Loops}. */
final class Workloads {

    private Workloads() {
    }

    /**
     * {@link Loops#closedLoop} from operation 0 on {@code threads} threads; the phase's first failure also
     * goes to stderr at once.
     */
    static Loops.Result closedLoop(int threads, Duration duration, Loops.Op op) throws InterruptedException {
        return Loops.closedLoop(threads, duration, 0, e -> System.err.println("  first error: " + e), op);
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

    static WatchLatency merge(List<WatchLatency> parts, int rate) {
        Histogram all = Loops.histogram();
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
        Histogram latency = Loops.histogram();
        AtomicLong received = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        long probeTag = tag ^ 0x5a5a5a5a5a5a5a5aL;
        try (AutoCloseable watch = b.watch(prefix, v -> {
            long now = System.nanoTime();
            long t = tag(v);
            if (t == tag) {
                synchronized (latency) {
                    latency.recordValue(Math.min(Math.max(0, now - stamp(v)), Loops.MAX_NANOS));
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
