package io.kuberaf.bench.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kuberaf.bench.support.Bench;
import io.kuberaf.bench.support.CpuMonitor;
import io.kuberaf.bench.support.Loops;
import io.kuberaf.bench.support.Machine;
import io.kuberaf.bench.support.TextTable;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import static io.kuberaf.bench.support.Bench.deleteTree;
import static io.kuberaf.bench.support.Bench.progress;

/**
 * Starts a single-node Kuberaf (durable Ignite store and the Kubernetes apiserver) in this JVM and
 * drives it over HTTP/1.1 as kubectl and controllers do; prints one table on stdout (progress goes to
 * stderr). Options, all {@code --name=value}:
 *
 * <pre>
 *   --clients=1,16,64        concurrent clients of every closed-loop scenario
 *   --duration=5             measured seconds of every closed-loop phase
 *   --warmup=1               warm-up seconds before every closed-loop phase (discarded)
 *   --global-warmup=5        seconds of mixed warm-up (creates, gets, lists, updates; 16 clients) at the start
 *   --scenarios=create-cm,create-pod,get,list,list-paged,update,watch,slo   which scenarios, in this order
 *   --list-objects=1000      ConfigMaps in the listed namespace
 *   --page=500               page size of the paged list
 *   --slo-rate=200           writes per second of the SLO scenario (open loop)
 *   --slo-duration=30        measured seconds of the SLO scenario
 *   --slo-warmup=5           seconds at the same rate before it (discarded)
 *   --slo-watchers=4         watches open during the SLO scenario
 *   --slo-goal-ms=50         goal for the mutating p99 of the SLO scenario
 *   --work-dir=PATH          parent of the temporary data dir (default java.io.tmpdir)
 *   --keep                   keep the data dir
 * </pre>
 */
public final class ApiServerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_SCENARIOS =
            List.of("create-cm", "create-pod", "get", "list", "list-paged", "update", "watch", "slo");

    private final Map<String, String> opts;
    private final int[] clientCounts;
    private final int durationS;
    private final int warmupS;
    private final int globalWarmupS;
    private final List<String> scenarios;
    private final int listObjects;
    private final int page;
    private final double sloRate;
    private final int sloDurationS;
    private final int sloWarmupS;
    private final int sloWatchers;
    private final double sloGoalMs;

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Double> closedLoopNoise = new ArrayList<>();
    private double sloNoise = Double.NaN;
    private String nodeDescription = "";
    private String loadAtStart = "";

    private Kube kube;
    private HttpClient[] clients;
    private AtomicLongArray updateVersions;
    private final AtomicLong phaseCounter = new AtomicLong();

    record Row(String label, String value, String unit, String goal) {
    }

    private ApiServerBenchmark(Map<String, String> opts) {
        this.opts = opts;
        this.clientCounts = Arrays.stream(opts.getOrDefault("clients", "1,16,64").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        this.durationS = intOpt("duration", 5);
        this.warmupS = intOpt("warmup", 1);
        this.globalWarmupS = intOpt("global-warmup", 5);
        this.scenarios = List.of(opts.getOrDefault("scenarios", String.join(",", ALL_SCENARIOS)).split(","));
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                usage("unknown scenario " + s + " (" + String.join(", ", ALL_SCENARIOS) + ")");
            }
        }
        this.listObjects = intOpt("list-objects", 1000);
        this.page = intOpt("page", 500);
        this.sloRate = Double.parseDouble(opts.getOrDefault("slo-rate", "200"));
        this.sloDurationS = intOpt("slo-duration", 30);
        this.sloWarmupS = intOpt("slo-warmup", 5);
        this.sloWatchers = intOpt("slo-watchers", 4);
        this.sloGoalMs = Double.parseDouble(opts.getOrDefault("slo-goal-ms", "50"));
    }

    private static final String USAGE = "usage: ApiServerBenchmark [--clients=1,16,64] [--duration=5] [--warmup=1]"
            + " [--global-warmup=5] [--scenarios=" + String.join(",", ALL_SCENARIOS) + "] [--list-objects=1000] [--page=500]"
            + " [--slo-rate=200] [--slo-duration=30] [--slo-warmup=5] [--slo-watchers=4] [--slo-goal-ms=50]"
            + " [--work-dir=PATH] [--keep]";

    public static void main(String[] args) {
        Map<String, String> opts = Bench.parse(args, USAGE);
        // Ignite and the HTTP clients leave non-daemon threads behind: runAndExit ends the JVM.
        Bench.runAndExit(() -> new ApiServerBenchmark(opts).run());
    }

    private static void usage(String error) {
        Bench.usage(USAGE, error);
    }

    private int intOpt(String name, int def) {
        return Bench.intOpt(opts, name, def);
    }

    // -------------------------------------------------------------------- run

    private int run() throws Exception {
        Path parent = Path.of(opts.getOrDefault("work-dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "kuberaf-bench-apiserver-");
        String fsType = Machine.fileSystem(work);
        loadAtStart = CpuMonitor.loadAverage();
        long started = System.nanoTime();
        progress("starting the Ignite store (persistent, WAL FSYNC) and the apiserver in " + work);
        Node node = Node.start(work);
        try {
            progress(String.format(Locale.ROOT, "node up in %.1f s at %s", (System.nanoTime() - started) / 1e9, node.url()));
            nodeDescription = node.description();
            kube = new Kube(node.url());
            int maxClients = Math.max(16, Arrays.stream(clientCounts).max().orElse(1));
            clients = new HttpClient[maxClients];
            for (int i = 0; i < maxClients; i++) {
                clients[i] = Kube.newClient();
            }
            setUp(maxClients);
            globalWarmup();
            for (String s : scenarios) {
                if (s.equals("slo")) {
                    slo();
                } else {
                    scenario(s);
                }
            }
        } finally {
            try {
                node.close();
                progress("node stopped");
            } catch (Exception e) {
                // Jetty's graceful stop (2 s) may time out while the benchmark's idle keep-alive connections are open.
                progress("stopping the node: " + e + " (ignored)");
            }
            if (!opts.containsKey("keep")) {
                deleteTree(work);
            } else {
                progress("data kept in " + work);
            }
        }
        progress(String.format(Locale.ROOT, "done in %.0f s", (System.nanoTime() - started) / 1e9));
        System.out.print(table(fsType, parent));
        return 0;
    }

    private static final String NS_CREATE = "bench-create";
    private static final String NS_PODS = "bench-pods";
    private static final String NS_LIST = "bench-list";
    private static final String NS_UPDATE = "bench-update";
    private static final String NS_WATCH = "bench-watch";
    private static final String NS_SLO = "bench-slo";
    private static final int SLO_UPDATE_OBJECTS = 256;

    private static String collection(String ns, String resource) {
        return "/api/v1/namespaces/" + ns + "/" + resource;
    }

    private void setUp(int maxClients) throws Exception {
        for (String ns : List.of(NS_CREATE, NS_PODS, NS_LIST, NS_UPDATE, NS_WATCH, NS_SLO)) {
            kube.create(clients[0], "/api/v1/namespaces", Kube.namespace(ns));
        }
        progress("loading " + listObjects + " ConfigMaps into " + NS_LIST + " and " + maxClients + " into " + NS_UPDATE);
        long t0 = System.nanoTime();
        Loops.load(16, listObjects, (c, n) -> kube.create(clients[c], collection(NS_LIST, "configmaps"),
                Kube.configMap(NS_LIST, itemName((int) n), 0, (int) n, "load", System.nanoTime())));
        updateVersions = new AtomicLongArray(maxClients);
        for (int c = 0; c < maxClients; c++) {
            updateVersions.set(c, kube.create(clients[c], collection(NS_UPDATE, "configmaps"),
                    Kube.configMap(NS_UPDATE, "upd-" + c, 0, c, "load", System.nanoTime())).resourceVersion());
        }
        progress(String.format(Locale.ROOT, "loaded in %.1f s", (System.nanoTime() - t0) / 1e9));
        // Check once, with a real JSON parser, what the measured loops only count.
        JsonNode list = JSON.readTree(kube.get(clients[0], collection(NS_LIST, "configmaps")).body());
        if (list.path("items").size() != listObjects) {
            throw new IllegalStateException("list returned " + list.path("items").size() + " items, expected " + listObjects);
        }
        int[] paged = listPaged(clients[0]);
        if (paged[0] != listObjects) {
            throw new IllegalStateException("paged list returned " + paged[0] + " items, expected " + listObjects);
        }
        progress("list checked: " + listObjects + " items in one call, " + paged[1] + " pages of " + page);
    }

    private static String itemName(int n) {
        return String.format(Locale.ROOT, "item-%05d", n);
    }

    /** All pages of the list namespace, every page after the first with the continue token; {items, pages}. */
    private int[] listPaged(HttpClient client) throws Exception {
        String base = collection(NS_LIST, "configmaps") + "?limit=" + page;
        Kube.Reply r = kube.get(client, base);
        int pages = 1;
        int items = countItems(r.body());
        for (String token; (token = r.continueToken()) != null; ) {
            r = kube.get(client, base + "&continue=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
            pages++;
            items += countItems(r.body());
            if (pages > 10_000) {
                throw new IllegalStateException("more than 10,000 pages");
            }
        }
        return new int[] {items, pages};
    }

    private static int countItems(byte[] body) throws IOException {
        return JSON.readTree(body).path("items").size();
    }

    /** Pages of the list namespace, counted without parsing (the measured loop); returns the number of pages. */
    private int listPagedFast(HttpClient client) throws Exception {
        String base = collection(NS_LIST, "configmaps") + "?limit=" + page;
        Kube.Reply r = kube.get(client, base);
        int pages = 1;
        for (String token; (token = r.continueToken()) != null; ) {
            r = kube.get(client, base + "&continue=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
            pages++;
        }
        return pages;
    }

    private void globalWarmup() throws Exception {
        if (globalWarmupS <= 0) {
            return;
        }
        progress("global warm-up: " + globalWarmupS + " s of creates, gets, lists and updates by 16 clients");
        Loops.Result r = Loops.closedLoop(16, Duration.ofSeconds(globalWarmupS), 0, (c, i) -> {
            switch ((int) (i % 4)) {
                case 0 -> kube.create(clients[c], collection(NS_CREATE, "configmaps"),
                        Kube.configMap(NS_CREATE, "warm-" + c + "-" + i, 0, (int) i, "warm", System.nanoTime()));
                case 1 -> kube.get(clients[c], collection(NS_LIST, "configmaps") + "/" + itemName(rnd(listObjects)));
                case 2 -> listPagedFast(clients[c]);
                default -> update(c, i);
            }
        });
        progress("  " + r.summary());
    }

    private static int rnd(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    /** Client {@code c} replaces its own ConfigMap upd-c with the resourceVersion of its last write. */
    private void update(int c, long i) throws Exception {
        String name = "upd-" + c;
        long rv = kube.replace(clients[c], collection(NS_UPDATE, "configmaps") + "/" + name,
                Kube.configMap(NS_UPDATE, name, updateVersions.get(c), (int) i, "update", System.nanoTime())).resourceVersion();
        updateVersions.set(c, rv);
    }

    // ------------------------------------------------------ closed-loop scenarios

    private void scenario(String s) throws Exception {
        for (int n : clientCounts) {
            String who = n + (n == 1 ? " client" : " clients");
            switch (s) {
                case "create-cm" -> measure("create ConfigMap (POST), " + who, "ops/s", n, (c, i) ->
                        kube.create(clients[c], collection(NS_CREATE, "configmaps"),
                                Kube.configMap(NS_CREATE, "cm-" + n + "-" + c + "-" + i, 0, (int) i, "create", System.nanoTime())));
                case "create-pod" -> measure("create Pod (POST), " + who, "ops/s", n, (c, i) ->
                        kube.create(clients[c], collection(NS_PODS, "pods"),
                                Kube.pod(NS_PODS, "pod-" + n + "-" + c + "-" + i, "create", System.nanoTime())));
                case "get" -> measure("get ConfigMap, " + who, "ops/s", n, (c, i) ->
                        kube.get(clients[c], collection(NS_LIST, "configmaps") + "/" + itemName(rnd(listObjects))));
                case "list" -> measure(String.format(Locale.ROOT, "list %,d ConfigMaps (one call), %s", listObjects, who),
                        "lists/s", n, (c, i) -> {
                            Kube.Reply r = kube.get(clients[c], collection(NS_LIST, "configmaps"));
                            if (r.body().length < listObjects * 1024) {
                                throw new IllegalStateException("list returned only " + r.body().length + " bytes");
                            }
                        });
                case "list-paged" -> {
                    int expectedPages = (listObjects + page - 1) / page;
                    measure(String.format(Locale.ROOT, "list %,d ConfigMaps (pages of %d), %s", listObjects, page, who),
                            "lists/s", n, (c, i) -> {
                                int pages = listPagedFast(clients[c]);
                                if (pages != expectedPages) {
                                    throw new IllegalStateException(pages + " pages, expected " + expectedPages);
                                }
                            });
                }
                case "update" -> measure("update ConfigMap (PUT with resourceVersion), " + who, "ops/s", n, this::update);
                case "watch" -> watchDelivery(n, who);
                default -> throw new IllegalArgumentException(s);
            }
        }
    }

    private void measure(String label, String unit, int n, Loops.Op op) throws Exception {
        long first = phaseCounter.getAndAdd(1_000_000_000L);
        if (warmupS > 0) {
            Loops.Result w = Loops.closedLoop(n, Duration.ofSeconds(warmupS), first, op);
            if (w.errors() > 0) {
                progress("  warm-up errors: " + w.errors() + ", first: " + w.firstError());
            }
        }
        CpuMonitor cpu = new CpuMonitor(0);
        Loops.Result r = Loops.closedLoop(n, Duration.ofSeconds(durationS), first + 500_000_000L, op);
        double others = cpu.othersCores();
        closedLoopNoise.add(others);
        progress(String.format(Locale.ROOT, "%s: %s; others %.2f cores", label, r.summary(), others));
        addRows(label, unit, r.opsPerSecond(), r.p50Ms(), r.p99Ms());
        if (r.errors() > 0) {
            notes.add(label + ": " + r.errors() + " failed requests; first: " + r.firstError());
        }
    }

    private void addRows(String label, String unit, double rate, double p50, double p99) {
        rows.add(new Row(label + ": throughput", fmtRate(rate), unit, ""));
        rows.add(new Row(label + ": p50", fmtMs(p50), "ms", ""));
        rows.add(new Row(label + ": p99", fmtMs(p99), "ms", ""));
    }

    /**
     * {@code n} clients create ConfigMaps back to back in a namespace that one watcher watches; the
     * watcher records, per ADDED event, arrival minus the start of the create request.
     */
    private void watchDelivery(int n, String who) throws Exception {
        String label = "watch delivery (create start -> ADDED received), " + n + (n == 1 ? " creator" : " creators");
        String rv = listResourceVersion(NS_WATCH, "configmaps");
        try (Watcher watcher = Watcher.open(kube, collection(NS_WATCH, "configmaps") + "?watch=1&resourceVersion=" + rv)) {
            String phase = "watch-" + n;
            long first = phaseCounter.getAndAdd(1_000_000_000L);
            // Warm-up, and proof that the watch is live: its events must arrive.
            Watcher.Recording warm = new Watcher.Recording(phase + "-warm", Set.of("ADDED"));
            watcher.record(warm);
            Loops.Result w = Loops.closedLoop(n, Duration.ofSeconds(Math.max(1, warmupS)), first, (c, i) -> {
                long t0 = System.nanoTime();
                kube.create(clients[c], collection(NS_WATCH, "configmaps"),
                        Kube.configMap(NS_WATCH, "w-" + n + "-" + c + "-" + i, 0, (int) i, phase + "-warm", t0));
            });
            if (Watcher.await(warm, w.ops(), 10_000) < w.ops()) {
                throw new IllegalStateException("the watch delivered " + warm.events.get() + " of " + w.ops()
                        + " warm-up events within 10 s" + (watcher.failure() != null ? ": " + watcher.failure() : ""));
            }
            Watcher.Recording rec = new Watcher.Recording(phase, Set.of("ADDED"));
            watcher.record(rec);
            CpuMonitor cpu = new CpuMonitor(0);
            Loops.Result r = Loops.closedLoop(n, Duration.ofSeconds(durationS), first + 500_000_000L, (c, i) -> {
                long t0 = System.nanoTime();
                kube.create(clients[c], collection(NS_WATCH, "configmaps"),
                        Kube.configMap(NS_WATCH, "w-" + n + "-" + c + "-" + i, 0, (int) i, phase, t0));
            });
            double others = cpu.othersCores();
            closedLoopNoise.add(others);
            long received = Watcher.await(rec, r.ops(), 10_000);
            Histogram h = rec.copy();
            progress(String.format(Locale.ROOT, "%s: creates %s; delivery p50 %.2f ms, p99 %.2f ms, max %.1f ms, %,d of %,d "
                            + "events; others %.2f cores", label, r.summary(), h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6, received, r.ops(), others));
            addRows(label, "events/s", received * 1e9 / r.elapsedNanos(),
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e6,
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6);
            if (received < r.ops() || watcher.failure() != null) {
                notes.add(label + ": " + received + " of " + r.ops() + " events received within 10 s after the phase"
                        + (watcher.failure() != null ? "; " + watcher.failure() : ""));
            }
            if (r.errors() > 0) {
                notes.add(label + ": " + r.errors() + " failed creates; first: " + r.firstError());
            }
        }
    }

    private String listResourceVersion(String ns, String resource) throws Exception {
        JsonNode list = JSON.readTree(kube.get(clients[0], collection(ns, resource) + "?limit=1").body());
        return list.path("metadata").path("resourceVersion").asText();
    }

    // ---------------------------------------------------------------- SLO scenario

    /** Latencies of one kind of mutation in the SLO scenario. */
    private static final class Kind {
        final String name;
        final Histogram latency = Loops.histogram();
        final AtomicLong ok = new AtomicLong();

        Kind(String name) {
            this.name = name;
        }

        synchronized void record(long nanos) {
            latency.recordValue(Math.min(Math.max(0, nanos), Loops.MAX_NANOS));
            ok.incrementAndGet();
        }

        synchronized String summary() {
            return String.format(Locale.ROOT, "%s: %,d ok, p50 %.2f ms, p99 %.2f ms, max %.1f ms", name, ok.get(),
                    latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        }
    }

    /**
     * Mutating requests at a steady rate, open loop: of every 4, one ConfigMap create, one Pod create
     * and two ConfigMap updates (PUT with resourceVersion, on 256 ConfigMaps in turn), with watchers
     * attached (namespace ConfigMaps, namespace Pods, all ConfigMaps of the cluster, ...).
     */
    private void slo() throws Exception {
        progress("SLO scenario: creating " + SLO_UPDATE_OBJECTS + " ConfigMaps to update in " + NS_SLO);
        AtomicLongArray versions = new AtomicLongArray(SLO_UPDATE_OBJECTS);
        AtomicIntegerArray busy = new AtomicIntegerArray(SLO_UPDATE_OBJECTS);
        for (int j = 0; j < SLO_UPDATE_OBJECTS; j++) {
            versions.set(j, kube.create(clients[j % clients.length], collection(NS_SLO, "configmaps"),
                    Kube.configMap(NS_SLO, sloName(j), 0, j, "load", System.nanoTime())).resourceVersion());
        }
        String rv = listResourceVersion(NS_SLO, "configmaps");
        List<Watcher> watchers = new ArrayList<>();
        List<String> watcherKinds = new ArrayList<>(); // "cm" or "pod": which events it should see
        try {
            for (int w = 0; w < sloWatchers; w++) {
                String path = switch (w % 4) {
                    case 1 -> collection(NS_SLO, "pods");
                    case 2 -> "/api/v1/configmaps";
                    default -> collection(NS_SLO, "configmaps");
                };
                watchers.add(Watcher.open(kube, path + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + rv));
                watcherKinds.add(w % 4 == 1 ? "pod" : "cm");
            }
            progress("SLO scenario: " + sloWatchers + " watchers: "
                    + watchers.stream().map(Watcher::path).collect(Collectors.joining(", ")));

            Result warm = sloPhase("slo-warm", sloWarmupS, watchers, versions, busy);
            progress("SLO warm-up: " + warm.total().summary());
            CpuMonitor cpu = new CpuMonitor(0);
            Result r = sloPhase("slo", sloDurationS, watchers, versions, busy);
            sloNoise = cpu.othersCores();
            // Wait for the watchers to catch up with what was written.
            long cmEvents = r.kinds()[0].ok.get() + r.kinds()[2].ok.get();
            long podEvents = r.kinds()[1].ok.get();
            long expected = 0;
            long received = 0;
            Histogram delivery = Loops.histogram();
            for (int w = 0; w < watchers.size(); w++) {
                long e = watcherKinds.get(w).equals("pod") ? podEvents : cmEvents;
                expected += e;
                received += Watcher.await(r.recordings().get(w), e, 10_000);
                delivery.add(r.recordings().get(w).copy());
                if (watchers.get(w).failure() != null) {
                    notes.add("SLO watcher " + watchers.get(w).path() + ": " + watchers.get(w).failure());
                }
            }
            Loops.Result t = r.total();
            progress(String.format(Locale.ROOT, "SLO: %s; others %.2f cores", t.summary(), sloNoise));
            for (Kind k : r.kinds()) {
                progress("  " + k.summary());
            }
            progress(String.format(Locale.ROOT, "  watch delivery: p50 %.2f ms, p99 %.2f ms, max %.1f ms; %,d of %,d events",
                    delivery.getValueAtPercentile(50) / 1e6, delivery.getValueAtPercentile(99) / 1e6,
                    delivery.getMaxValue() / 1e6, received, expected));

            String label = String.format(Locale.ROOT, "SLO: %s writes/s open loop for %d s, %d watchers", fmtRate(sloRate),
                    sloDurationS, watchers.size());
            rows.add(new Row(label + ": writes completed", fmtRate(t.opsPerSecond()), "writes/s", fmtRate(sloRate)));
            rows.add(new Row(label + ": mutating p50", fmtMs(t.p50Ms()), "ms", ""));
            boolean met = t.p99Ms() <= sloGoalMs && t.errors() == 0;
            rows.add(new Row(label + ": mutating p99", fmtMs(t.p99Ms()), "ms",
                    "<= " + fmtMs(sloGoalMs) + (met ? " (met)" : " (MISSED)")));
            rows.add(new Row(label + ": mutating max", fmtMs(t.maxMs()), "ms", ""));
            for (Kind k : r.kinds()) {
                synchronized (k) {
                    rows.add(new Row(label + ": " + k.name + " p99", fmtMs(k.latency.getTotalCount() == 0 ? Double.NaN
                            : k.latency.getValueAtPercentile(99) / 1e6), "ms", ""));
                }
            }
            rows.add(new Row(label + ": failed writes", String.valueOf(t.errors()), "writes", "0"));
            rows.add(new Row(label + ": watch delivery p50", fmtMs(delivery.getTotalCount() == 0 ? Double.NaN
                    : delivery.getValueAtPercentile(50) / 1e6), "ms", ""));
            rows.add(new Row(label + ": watch delivery p99", fmtMs(delivery.getTotalCount() == 0 ? Double.NaN
                    : delivery.getValueAtPercentile(99) / 1e6), "ms", ""));
            rows.add(new Row(label + ": watch events received", String.format(Locale.ROOT, "%,d / %,d", received, expected),
                    "events", String.format(Locale.ROOT, "%,d", expected)));
            if (t.errors() > 0) {
                notes.add("SLO scenario: " + t.errors() + " failed writes; first: " + t.firstError());
            }
            if (t.opsPerSecond() < sloRate * 0.97) {
                notes.add(String.format(Locale.ROOT, "SLO scenario: only %.1f writes/s completed of %s offered", t.opsPerSecond(),
                        fmtRate(sloRate)));
            }
        } finally {
            watchers.forEach(Watcher::close);
        }
    }

    private static String sloName(int j) {
        return String.format(Locale.ROOT, "slo-%03d", j);
    }

    record Result(Loops.Result total, Kind[] kinds, List<Watcher.Recording> recordings) {
    }

    private Result sloPhase(String phase, int seconds, List<Watcher> watchers, AtomicLongArray versions,
                            AtomicIntegerArray busy) throws Exception {
        List<Watcher.Recording> recordings = new ArrayList<>();
        for (Watcher w : watchers) {
            Watcher.Recording rec = new Watcher.Recording(phase, Set.of("ADDED", "MODIFIED"));
            w.record(rec);
            recordings.add(rec);
        }
        Kind[] kinds = {new Kind("create ConfigMap"), new Kind("create Pod"), new Kind("update ConfigMap")};
        long first = phaseCounter.getAndAdd(1_000_000_000L);
        Loops.Result total = Loops.openLoop(sloRate, Duration.ofSeconds(seconds), first, (i, due) -> {
            HttpClient client = clients[(int) (i % clients.length)];
            switch ((int) (i % 4)) {
                case 0 -> {
                    kube.create(client, collection(NS_SLO, "configmaps"),
                            Kube.configMap(NS_SLO, "slo-cm-" + i, 0, (int) i, phase, due));
                    kinds[0].record(System.nanoTime() - due);
                }
                case 1 -> {
                    kube.create(client, collection(NS_SLO, "pods"), Kube.pod(NS_SLO, "slo-pod-" + i, phase, due));
                    kinds[1].record(System.nanoTime() - due);
                }
                default -> {
                    // The next ConfigMap in turn that no other update is writing (none, unless updates take > 2 s).
                    int j = (int) ((i / 2) % SLO_UPDATE_OBJECTS);
                    for (int tries = 0; !busy.compareAndSet(j, 0, 1); tries++) {
                        if (tries >= SLO_UPDATE_OBJECTS) {
                            throw new IllegalStateException("all " + SLO_UPDATE_OBJECTS + " ConfigMaps are being updated");
                        }
                        j = (j + 1) % SLO_UPDATE_OBJECTS;
                    }
                    try {
                        String name = sloName(j);
                        long rv = kube.replace(client, collection(NS_SLO, "configmaps") + "/" + name,
                                Kube.configMap(NS_SLO, name, versions.get(j), (int) i, phase, due)).resourceVersion();
                        versions.set(j, rv);
                    } finally {
                        busy.set(j, 0);
                    }
                    kinds[2].record(System.nanoTime() - due);
                }
            }
        });
        return new Result(total, kinds, recordings);
    }

    // ---------------------------------------------------------------- table

    private String table(String fsType, Path parent) {
        StringBuilder sb = new StringBuilder();
        Runtime rt = Runtime.getRuntime();
        sb.append("Kuberaf apiserver benchmark: a single-node Kuberaf (durable Ignite store + Kubernetes apiserver) in one JVM, "
                + "driven over HTTP/1.1 on 127.0.0.1\n");
        sb.append(Machine.dateLine());
        sb.append(Machine.machineLine("data dir", parent, fsType));
        sb.append(Machine.loadLine());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("--add-opens") && !a.startsWith("-Djdk.serialFilter")).toList();
        sb.append(Machine.javaLine(String.format(Locale.ROOT, ", GC %s; flags (besides etc/jvm.options' --add-opens): %s",
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(java.lang.management.GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining("/")), String.join(" ", flags))));
        sb.append("node:     ").append(nodeDescription).append('\n');
        sb.append(String.format(Locale.ROOT, "clients:  java.net.http.HttpClient, HTTP/1.1, one client (connection) per "
                        + "concurrent client, in the same JVM; JSON bodies as kubectl sends them (create: POST "
                        + "?fieldManager=kubectl-create&fieldValidation=Strict; update: PUT ?fieldManager=kubectl-replace with "
                        + "metadata.resourceVersion); ConfigMaps with 4 x 256 chars of data (~1.4 KiB of JSON), Pods with one "
                        + "container; list: %,d ConfigMaps in one namespace%n", listObjects));
        sb.append(String.format(Locale.ROOT, "phases:   closed loop, %s concurrent clients, %d s warm-up + %d s measured each, "
                        + "after a %d s mixed warm-up; SLO: open loop at %s writes/s (1/4 ConfigMap creates, 1/4 Pod creates, "
                        + "1/2 ConfigMap updates), %d s warm-up + %d s measured, latency from each write's scheduled time%n",
                Arrays.stream(clientCounts).mapToObj(String::valueOf).collect(Collectors.joining("/")), warmupS, durationS,
                globalWarmupS, fmtRate(sloRate), sloWarmupS, sloDurationS));
        double avg = closedLoopNoise.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).average()
                .orElse(Double.NaN);
        double max = closedLoopNoise.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max()
                .orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, "noise:    other processes (not this JVM) used %.2f cores on average (%.2f at most) "
                        + "during the closed-loop phases and %.2f during the SLO phase, of %d; load average at start %s, "
                        + "at end %s%n", avg, max, sloNoise, rt.availableProcessors(), loadAtStart, CpuMonitor.loadAverage()));
        sb.append('\n');

        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"scenario / metric", "value", "unit", "goal"});
        for (Row r : rows) {
            cells.add(new String[] {r.label(), r.value(), r.unit(), r.goal()});
        }
        sb.append(TextTable.render(cells, false, true, false, false));
        for (String note : notes) {
            sb.append("note: ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static String fmtRate(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 100 ? "%,.1f" : "%,.0f", v);
    }

    private static String fmtMs(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }
}
