package io.kuberaf.bench.store;

import io.kuberaf.bench.support.Bench;
import io.kuberaf.bench.support.CpuMonitor;
import io.kuberaf.bench.support.Loops;
import io.kuberaf.bench.support.Machine;
import io.kuberaf.bench.support.TextTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.kuberaf.bench.support.Bench.deleteTree;
import static io.kuberaf.bench.support.Bench.progress;

/**
 * Runs one workload against etcd and against the Kuberaf Ignite store and prints a comparison
 * table on stdout (progress goes to stderr). Options, all {@code --name=value}:
 *
 * <pre>
 *   --backends=etcd,kuberaf  which stores, in this order
 *   --duration=10            seconds of each measured put / get / watch phase per store, split over the rounds
 *   --rounds=2               rounds per store, order alternating (etcd kuberaf kuberaf etcd), fresh store each
 *   --warmup=5               seconds of warm-up puts (and half as long gets) in every round before measuring
 *   --value-size=1024        bytes per value
 *   --keys=1024              keys the put and get phases use
 *   --writers=64             concurrent writers of the second put phase
 *   --readers=16             concurrent readers of the get phase
 *   --list-keys=10000        keys under the listed prefix
 *   --page=500               page size of the paged list
 *   --list-runs=15           timed calls of each list per round (after 3 untimed)
 *   --watch-rate=200         puts per second during the watch phase
 *   --etcd=PATH              etcd executable (default: etcd on PATH)
 *   --etcd-pid-file=PATH     write the PID of the etcd we start here (run.sh kills it if we die)
 *   --work-dir=PATH          parent of the temporary data dirs (default java.io.tmpdir)
 *   --keep                   keep the data dirs
 * </pre>
 */
public final class StoreBenchmark {

    static final String INSTALL_HINT = "apt-get install -y etcd-server";

    private final Map<String, String> opts;
    private final int durationS;
    private final int warmupS;
    private final int valueSize;
    private final int keyCount;
    private final int writers;
    private final int readers;
    private final int listKeys;
    private final int page;
    private final int listRuns;
    private final int watchRate;
    private final int rounds;
    private final List<Round> rounds_ = new ArrayList<>();

    private final List<Metric> metrics = new ArrayList<>();
    private final Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Double> othersCpu = new LinkedHashMap<>();
    private String loadAtStart = "";

    private StoreBenchmark(Map<String, String> opts) {
        this.opts = opts;
        this.durationS = intOpt("duration", 10);
        this.warmupS = intOpt("warmup", 5);
        this.valueSize = intOpt("value-size", 1024);
        this.keyCount = intOpt("keys", 1024);
        this.writers = intOpt("writers", 64);
        this.readers = intOpt("readers", 16);
        this.listKeys = intOpt("list-keys", 10_000);
        this.page = intOpt("page", 500);
        this.listRuns = intOpt("list-runs", 15);
        this.watchRate = intOpt("watch-rate", 200);
        this.rounds = intOpt("rounds", 2);
        if (valueSize < 16) {
            throw new IllegalArgumentException("--value-size must be at least 16 (the watch phase stamps values)");
        }
        metrics.add(new Metric("put1", "put, 1 writer: throughput", "ops/s", true));
        metrics.add(new Metric("put1.p50", "put, 1 writer: latency p50", "ms", false));
        metrics.add(new Metric("put1.p99", "put, 1 writer: latency p99", "ms", false));
        metrics.add(new Metric("putN", "put, " + writers + " writers: throughput", "ops/s", true));
        metrics.add(new Metric("putN.p50", "put, " + writers + " writers: latency p50", "ms", false));
        metrics.add(new Metric("putN.p99", "put, " + writers + " writers: latency p99", "ms", false));
        metrics.add(new Metric("get", "get, " + readers + " readers: throughput", "ops/s", true));
        metrics.add(new Metric("get.p50", "get, " + readers + " readers: latency p50", "ms", false));
        metrics.add(new Metric("get.p99", "get, " + readers + " readers: latency p99", "ms", false));
        metrics.add(new Metric("list", String.format(Locale.ROOT, "list %,d keys, one call (median)", listKeys), "ms", false));
        metrics.add(new Metric("listPaged", String.format(Locale.ROOT, "list %,d keys, pages of %d (median)", listKeys, page),
                "ms", false));
        metrics.add(new Metric("watch.p50", "watch delivery at " + watchRate + " puts/s: p50", "ms", false));
        metrics.add(new Metric("watch.p99", "watch delivery at " + watchRate + " puts/s: p99", "ms", false));
    }

    record Metric(String id, String label, String unit, boolean higherIsBetter) {
    }

    static final String USAGE = "usage: StoreBenchmark [--backends=etcd,kuberaf] [--duration=10] [--rounds=2] [--warmup=5]"
            + " [--value-size=1024] [--keys=1024] [--writers=64] [--readers=16] [--list-keys=10000] [--page=500]"
            + " [--list-runs=15] [--watch-rate=200] [--etcd=PATH] [--etcd-pid-file=PATH] [--work-dir=PATH] [--keep]";

    public static void main(String[] args) {
        Map<String, String> opts = Bench.parse(args, USAGE);
        // jetcd and Ignite leave non-daemon threads behind: runAndExit ends the JVM.
        Bench.runAndExit(() -> new StoreBenchmark(opts).run());
    }

    private static void usage(String error) {
        Bench.usage(USAGE, error);
    }

    private int intOpt(String name, int def) {
        return Bench.intOpt(opts, name, def);
    }

    private int run() throws Exception {
        List<String> backends = List.of(opts.getOrDefault("backends", "etcd,kuberaf").split(","));
        for (String b : backends) {
            if (!b.equals("etcd") && !b.equals("kuberaf")) {
                usage("unknown backend " + b + " (etcd, kuberaf)");
            }
        }
        if (rounds < 1 || durationS < rounds) {
            usage("--rounds must be at least 1 and at most --duration");
        }
        Path etcd = null;
        if (backends.contains("etcd")) {
            etcd = EtcdBackend.find(opts.get("etcd"));
            if (etcd == null) {
                System.err.println("etcd not found" + (opts.containsKey("etcd") ? " at " + opts.get("etcd") : " on PATH")
                        + ". The benchmark runs Debian's etcd; install it with:\n    " + INSTALL_HINT);
                return 3;
            }
        }
        Path parent = Path.of(opts.getOrDefault("work-dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "kuberaf-bench-store-");
        Path pidFile = opts.containsKey("etcd-pid-file") ? Path.of(opts.get("etcd-pid-file")) : null;
        String fsType = Machine.fileSystem(work);
        long started = System.nanoTime();
        loadAtStart = CpuMonitor.loadAverage();
        // Rounds alternate the order (A B, B A, ...): noise from other processes on a shared machine
        // then falls on both stores alike. Every round starts the store afresh on a new data dir.
        List<String> schedule = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(backends);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            schedule.addAll(order);
        }
        try {
            int index = 0;
            for (String b : schedule) {
                index++;
                Path dir = Files.createDirectories(work.resolve(b + "-" + index));
                if (b.equals("etcd")) {
                    progress("round " + index + "/" + schedule.size() + ": starting etcd (" + etcd + ") in " + dir);
                    EtcdBackend backend = EtcdBackend.start(etcd, dir, pidFile);
                    Thread killer = new Thread(() -> EtcdBackend.destroy(backend.process()), "etcd-killer");
                    Runtime.getRuntime().addShutdownHook(killer);
                    try {
                        measure(backend, index, backend.process().pid());
                    } finally {
                        backend.close();
                        Runtime.getRuntime().removeShutdownHook(killer);
                        progress("etcd stopped (pid " + backend.process().pid() + ")");
                    }
                } else {
                    progress("round " + index + "/" + schedule.size() + ": starting the Kuberaf Ignite store in " + dir);
                    long t0 = System.nanoTime();
                    KuberafBackend backend = KuberafBackend.start(dir);
                    progress(String.format(Locale.ROOT, "Kuberaf store up in %.1f s", (System.nanoTime() - t0) / 1e9));
                    try {
                        measure(backend, index, 0);
                    } finally {
                        backend.close();
                        progress("Kuberaf store stopped");
                    }
                }
                if (!opts.containsKey("keep")) {
                    deleteTree(dir);
                }
            }
        } finally {
            if (!opts.containsKey("keep")) {
                deleteTree(work);
            } else {
                progress("data kept in " + work);
            }
        }
        for (String b : new java.util.LinkedHashSet<>(schedule)) {
            summarize(b.equals("etcd") ? "etcd" : "Kuberaf");
        }
        progress(String.format(Locale.ROOT, "done in %.0f s", (System.nanoTime() - started) / 1e9));
        System.out.print(table(fsType, parent));
        return 0;
    }

    // ------------------------------------------------------------- workload

    /** What one round measured for one store. */
    record Round(int index, String backend, Loops.Result put1, Loops.Result putN,
                 Loops.Result get, Workloads.WatchLatency watch, double[] list, double[] listPaged,
                 double othersCores) {
    }

    private void measure(Backend b, int index, long etcdPid) throws Exception {
        descriptions.put(b.name(), b.description());
        CpuMonitor cpu = new CpuMonitor(etcdPid);
        Round partial = measureWorkload(b, index);
        double others = cpu.othersCores();
        progress(String.format(Locale.ROOT, "[%s] other processes used %.2f cores on average meanwhile", b.name(), others));
        rounds_.add(new Round(partial.index(), partial.backend(), partial.put1(), partial.putN(), partial.get(),
                partial.watch(), partial.list(), partial.listPaged(), others));
    }

    private Round measureWorkload(Backend b, int index) throws Exception {
        String n = b.name();
        String[] keys = new String[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = String.format(Locale.ROOT, "/bench/kv/key-%05d", i);
        }
        List<String> watchKeys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            watchKeys.add("/bench/watch/key-" + i);
        }
        byte[][] values = new byte[64][valueSize];
        for (byte[] v : values) {
            ThreadLocalRandom.current().nextBytes(v);
        }

        progress("[" + n + "] loading " + keyCount + " + " + watchKeys.size() + " keys");
        Loops.load(16, keyCount, (t, i) -> b.create(keys[(int) i], values[(int) (i % values.length)]));
        Loops.load(4, watchKeys.size(), (t, i) -> b.create(watchKeys.get((int) i), values[0]));

        Duration warmup = Duration.ofSeconds(warmupS);
        progress("[" + n + "] warm-up: puts (16 writers, " + warmupS + " s), gets, watch");
        progress("[" + n + "]   warm-up puts: " + Workloads.closedLoop(16, warmup,
                (t, i) -> b.put(keys[(int) ((t + 16 * i) % keyCount)], values[(int) ((t + i) % values.length)])).detailedSummary());
        progress("[" + n + "]   warm-up gets: " + Workloads.closedLoop(readers, warmup.dividedBy(2),
                (t, i) -> b.get(keys[ThreadLocalRandom.current().nextInt(keyCount)])).detailedSummary());
        progress("[" + n + "]   warm-up watch: " + Workloads.watchDelivery(b, "/bench/watch/", watchKeys, valueSize,
                watchRate, Duration.ofSeconds(2), 1).summary());

        Duration d = Duration.ofMillis(durationS * 1000L / rounds);

        Loops.Result put1 = Workloads.closedLoop(1, d,
                (t, i) -> b.put(keys[(int) (i % keyCount)], values[(int) (i % values.length)]));
        progress("[" + n + "] put, 1 writer: " + put1.detailedSummary());

        // Writer t owns the keys t, t+W, t+2W, ...: no two writers update the same key at once.
        Loops.Result putN = Workloads.closedLoop(writers, d,
                (t, i) -> b.put(keys[(int) ((t + (long) writers * i) % keyCount)], values[(int) ((t + i) % values.length)]));
        progress("[" + n + "] put, " + writers + " writers: " + putN.detailedSummary());

        Loops.Result get = Workloads.closedLoop(readers, d, (t, i) -> {
            byte[] v = b.get(keys[ThreadLocalRandom.current().nextInt(keyCount)]);
            if (v == null || v.length != valueSize) {
                throw new IllegalStateException("get returned " + (v == null ? "nothing" : v.length + " bytes"));
            }
        });
        progress("[" + n + "] get, " + readers + " readers: " + get.detailedSummary());

        Workloads.WatchLatency watch = Workloads.watchDelivery(b, "/bench/watch/", watchKeys, valueSize, watchRate, d, 2);
        progress("[" + n + "] watch: " + watch.summary());

        progress("[" + n + "] loading " + listKeys + " keys to list");
        long t0 = System.nanoTime();
        Loops.load(16, listKeys, (t, i) -> b.create(String.format(Locale.ROOT, "/bench/list/item-%06d", i),
                values[(int) (i % values.length)]));
        progress(String.format(Locale.ROOT, "[%s]   loaded in %.1f s", n, (System.nanoTime() - t0) / 1e9));
        double[] full = Workloads.timeRuns(3, listRuns, listKeys, () -> b.list("/bench/list/"));
        double[] paged = Workloads.timeRuns(3, listRuns, listKeys, () -> b.listPaged("/bench/list/", page));
        progress(String.format(Locale.ROOT, "[%s] list %d keys: one call median %.1f ms (min %.1f, max %.1f); "
                        + "pages of %d median %.1f ms (min %.1f, max %.1f)", n, listKeys, Workloads.median(full), full[0],
                full[full.length - 1], page, Workloads.median(paged), paged[0], paged[paged.length - 1]));
        return new Round(index, n, put1, putN, get, watch, full, paged, Double.NaN);
    }

    /** Merges the rounds of one store into the figures of the table. */
    private void summarize(String n) {
        List<Round> mine = rounds_.stream().filter(r -> r.backend().equals(n)).toList();
        if (mine.isEmpty()) {
            return;
        }
        Map<String, Double> r = new LinkedHashMap<>();
        results.put(n, r);
        Loops.Result put1 = Loops.Result.merge(mine.stream().map(Round::put1).toList());
        Loops.Result putN = Loops.Result.merge(mine.stream().map(Round::putN).toList());
        Loops.Result get = Loops.Result.merge(mine.stream().map(Round::get).toList());
        Workloads.WatchLatency watch = Workloads.merge(mine.stream().map(Round::watch).toList(), watchRate);
        record(r, "put1", put1);
        record(r, "putN", putN);
        record(r, "get", get);
        r.put("watch.p50", watch.p50Ms());
        r.put("watch.p99", watch.p99Ms());
        r.put("list", Workloads.median(mine.stream().flatMapToDouble(x -> java.util.Arrays.stream(x.list())).sorted().toArray()));
        r.put("listPaged", Workloads.median(mine.stream().flatMapToDouble(x -> java.util.Arrays.stream(x.listPaged()))
                .sorted().toArray()));
        othersCpu.put(n, mine.stream().mapToDouble(Round::othersCores).average().orElse(Double.NaN));
        if (watch.received() != watch.sent() || watch.errors() > 0 || watch.achievedRate() < watchRate * 0.95) {
            notes.add(n + " watch phase: " + watch.summary());
        }
        for (Loops.Result t : List.of(put1, putN, get)) {
            if (t.errors() > 0) {
                notes.add(n + ": " + t.errors() + " failed operations in a phase; first: " + t.firstError());
            }
        }
    }

    private static void record(Map<String, Double> r, String id, Loops.Result t) {
        r.put(id, t.opsPerSecond());
        r.put(id + ".p50", t.p50Ms());
        r.put(id + ".p99", t.p99Ms());
    }

    // ---------------------------------------------------------------- table

    private String table(String fsType, Path parent) {
        StringBuilder sb = new StringBuilder();
        Runtime rt = Runtime.getRuntime();
        sb.append("Kuberaf cluster-store benchmark: the Kuberaf ResourceStore (Apache Ignite) vs etcd, same workload, same machine\n");
        sb.append(Machine.dateLine());
        sb.append(Machine.machineLine("data dirs", parent, fsType));
        sb.append(Machine.loadLine());
        sb.append(Machine.javaLine(""));
        for (Map.Entry<String, String> e : descriptions.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-9s %s%n", e.getKey() + ":", e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "workload: %d-byte random values; put = unconditional overwrite of an existing key "
                        + "(etcd Put / ResourceStore.update with expected revision 0) on %,d keys (each of the %d writers owns "
                        + "its own keys); get = linearizable read of a random key; closed loop; list: %,d keys under one prefix; "
                        + "watch: prefix watch, puts at a steady %d/s, latency = watcher receives the event - put started%n",
                valueSize, keyCount, writers, listKeys, watchRate));
        sb.append(String.format(Locale.ROOT, "rounds:   %d per store, order alternating (A B, B A), each on a fresh store: "
                        + "%d s warm-up, then %d s per phase and %d timed calls of each list (after 3 untimed); "
                        + "figures below merge the rounds (%d s per phase, medians of %d list calls)%n",
                rounds, warmupS, durationS / rounds, listRuns, durationS, listRuns * rounds));
        StringBuilder noise = new StringBuilder();
        for (Map.Entry<String, Double> o : othersCpu.entrySet()) {
            noise.append(String.format(Locale.ROOT, "%s%.2f cores during the %s rounds", noise.length() == 0 ? "" : ", ",
                    o.getValue(), o.getKey()));
        }
        sb.append(String.format(Locale.ROOT, "noise:    other processes (not this JVM, not etcd) used %s of %d; "
                + "load average at start %s, at end %s%n", noise, rt.availableProcessors(), loadAtStart,
                CpuMonitor.loadAverage()));
        sb.append('\n');

        String k = "Kuberaf";
        String e = "etcd";
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "unit", "better", k, e, "Kuberaf/etcd"});
        for (Metric m : metrics) {
            Double kv = value(k, m.id());
            Double ev = value(e, m.id());
            String ratio = kv != null && ev != null && ev != 0 && !kv.isNaN() && !ev.isNaN()
                    ? ratio(kv / ev) : "-";
            rows.add(new String[] {m.label(), m.unit(), m.higherIsBetter() ? "higher" : "lower", format(m, kv),
                    format(m, ev), ratio});
        }
        sb.append(TextTable.render(rows, false, false, false, true, true, true));
        sb.append("\nKuberaf/etcd: for ops/s above 1 means Kuberaf is faster; for ms below 1 means Kuberaf is faster.\n");
        sb.append("\nper round (put 1 writer / put " + writers + " writers / get, ops/s; watch p99; list one call; "
                + "other processes' CPU):\n");
        for (Round r : rounds_) {
            sb.append(String.format(Locale.ROOT, "  %d %-8s %,7.0f / %,7.0f / %,9.0f   watch p99 %6.1f ms   list %6.1f ms   "
                            + "others %.2f cores%n", r.index(), r.backend(), r.put1().opsPerSecond(), r.putN().opsPerSecond(),
                    r.get().opsPerSecond(), r.watch().p99Ms(), Workloads.median(r.list()), r.othersCores()));
        }
        for (String note : notes) {
            sb.append("note: ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r < 0.1 ? "%.3f" : r < 100 ? "%.2f" : "%.0f", r);
    }

    private Double value(String backend, String id) {
        Map<String, Double> r = results.get(backend);
        return r == null ? null : r.get(id);
    }

    private static String format(Metric m, Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        if (m.unit().equals("ops/s")) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : v < 10 ? "%.2f" : "%.1f", v);
    }
}
