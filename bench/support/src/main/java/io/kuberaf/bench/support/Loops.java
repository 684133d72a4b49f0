package io.kuberaf.bench.support;

import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
import java.util.function.Consumer;

/**
 * The measuring loops, independent of what they drive: closed loop (clients back to back), open loop
 * (operations at a steady rate, latency from each one's due time) and a plain parallel load.
 */
public final class Loops {

    /** Latencies are recorded in nanoseconds, up to 60 s, 3 significant digits. */
    public static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Loops() {
    }

    /** An empty latency histogram of the benchmarks' range and precision. */
    public static Histogram histogram() {
        return new Histogram(MAX_NANOS, 3);
    }

    @FunctionalInterface
    public interface Op {
        /** One operation of client (thread) {@code client}, its {@code i}-th. */
        void run(int client, long i) throws Exception;
    }

    @FunctionalInterface
    public interface OpenOp {
        /** Operation {@code i}, due at {@code dueNanos} (System.nanoTime()). */
        void run(long i, long dueNanos) throws Exception;
    }

    /** Milliseconds this JVM spent in garbage collection so far (all collectors). */
    public static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** The outcome of a phase: completed operations, wall time, latency of the completed ones, failures. */
    public record Result(long ops, long elapsedNanos, Histogram latency, long errors, String firstError, long gcMs) {
        public double opsPerSecond() {
            return ops * 1e9 / elapsedNanos;
        }

        /** The latency at {@code percentile} in ms, NaN if nothing completed. */
        public double percentileMs(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }

        public double p50Ms() {
            return percentileMs(50);
        }

        public double p99Ms() {
            return percentileMs(99);
        }

        public double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
        }

        /** One line: rate, p50 / p90 / p99 to 0.01 ms, max, operations, GC time and the first error. */
        public String summary() {
            return String.format("%,.0f ops/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms (%,d ops, GC %d ms%s)",
                    opsPerSecond(), p50Ms(), latency.getValueAtPercentile(90) / 1e6, p99Ms(), maxMs(), ops, gcMs,
                    errors > 0 ? ", " + errors + " errors, first: " + firstError : "");
        }

        /** As {@link #summary()} but with the mean and to 0.001 ms (for in-process stores, where a put takes microseconds). */
        public String detailedSummary() {
            return String.format("%,.0f ops/s, mean %.3f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.1f ms (%,d ops, GC %d ms%s)",
                    opsPerSecond(), latency.getMean() / 1e6, latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(90) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    latency.getMaxValue() / 1e6, ops, gcMs, errors > 0 ? ", " + errors + " errors: " + firstError : "");
        }

        /** Several phases of the same kind as one: operations and times added, histograms merged. */
        public static Result merge(List<Result> parts) {
            Histogram all = histogram();
            long ops = 0;
            long nanos = 0;
            long errors = 0;
            long gc = 0;
            String first = null;
            for (Result t : parts) {
                all.add(t.latency());
                ops += t.ops();
                nanos += t.elapsedNanos();
                errors += t.errors();
                gc += t.gcMs();
                first = first != null ? first : t.firstError();
            }
            return new Result(ops, nanos, all, errors, first, gc);
        }
    }

    /**
     * {@code clients} threads each run {@code op} back to back (closed loop) for {@code duration};
     * the rate is all completed operations over the time from the common start until the last
     * thread finished its last operation. Operation numbers {@code i} start at {@code firstOp} and
     * advance on failures too; more than 1,000 failures end the phase.
     */
    public static Result closedLoop(int clients, Duration duration, long firstOp, Op op) throws InterruptedException {
        return closedLoop(clients, duration, firstOp, null, op);
    }

    /** As {@link #closedLoop(int, Duration, long, Op)}; the phase's first failure also goes to {@code onFirstError}. */
    public static Result closedLoop(int clients, Duration duration, long firstOp, Consumer<Exception> onFirstError, Op op)
            throws InterruptedException {
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
            histograms[t] = histogram();
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
                        if (firstError.compareAndSet(null, e.toString()) && onFirstError != null) {
                            onFirstError.accept(e);
                        }
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
        Histogram all = histogram();
        long ops = 0;
        for (int t = 0; t < clients; t++) {
            all.add(histograms[t]);
            ops += counts[t];
        }
        return new Result(ops, elapsed, all, errors.get(), firstError.get(), gcMillis() - gc0);
    }

    /** Runs {@code op} once for every i in [0, count) on {@code threads} threads (a load, not a measurement). */
    public static void load(int threads, int count, Op op) throws Exception {
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
    public static Result openLoop(double rate, Duration duration, long firstOp, OpenOp op) throws InterruptedException {
        int count = (int) Math.round(rate * duration.toNanos() / 1e9);
        double period = 1e9 / rate;
        Histogram latency = histogram();
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
}
