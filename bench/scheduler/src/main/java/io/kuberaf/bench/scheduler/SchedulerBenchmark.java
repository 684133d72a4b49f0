package io.kuberaf.bench.scheduler;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.bench.support.Bench;
import io.kuberaf.bench.support.Machine;
import io.kuberaf.bench.support.TextTable;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.scheduler.internal.PluginSet;
import io.kuberaf.scheduler.internal.Scheduler;
import io.kuberaf.scheduler.internal.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Scheduler throughput, like Kubernetes' scheduler_perf SchedulingBasic: N fake Ready Nodes (created
 * through the API, no kubelets), then P pods (100m CPU, 500 Mi each); throughput = P / (last pod bound -
 * first pod created). Each scenario runs on a fresh apiserver over an in-memory Ignite store (TestCluster)
 * in this JVM, with the scheduler in the same JVM talking to it over HTTP as in Karaf.
 *
 * <p>Modes: {@code stream} creates the pods while the scheduler runs (16 creating clients);
 * {@code backlog} creates them first and starts the scheduler after, timing from its start: the
 * scheduler alone, without the creation rate as a ceiling.
 */
public final class SchedulerBenchmark {

    private static final String USAGE = "usage: SchedulerBenchmark [--scenarios=100x1000,100x5000,1000x1000,1000x5000]"
            + " [--modes=stream,backlog] [--nodes=hollow,fake] [--creators=16] [--ignite-port-base=48900] [--timeout=600]";
    private static final double KUBERNETES_GATE = 680;

    private final int creators;
    private final int ignitePortBase;
    private final int timeoutSeconds;

    private SchedulerBenchmark(int creators, int ignitePortBase, int timeoutSeconds) {
        this.creators = creators;
        this.ignitePortBase = ignitePortBase;
        this.timeoutSeconds = timeoutSeconds;
    }

    public static void main(String[] args) {
        Map<String, String> opts = Bench.parse(args, USAGE);
        List<String> scenarios = List.of(opts.getOrDefault("scenarios", "100x1000,100x5000,1000x1000,1000x5000").split(","));
        List<String> modes = List.of(opts.getOrDefault("modes", "stream,backlog").split(","));
        List<String> nodeKinds = List.of(opts.getOrDefault("nodes", "hollow,fake").split(","));
        SchedulerBenchmark benchmark = new SchedulerBenchmark(Bench.intOpt(opts, "creators", 16),
                Bench.intOpt(opts, "ignite-port-base", 48900), Bench.intOpt(opts, "timeout", 600));
        Bench.runAndExit(() -> benchmark.run(scenarios, modes, nodeKinds));
    }

    private record Result(int nodes, String nodeKind, int pods, String mode, double createRate, double podsPerSecond,
                          double seconds, int bound) {
    }

    private int run(List<String> scenarios, List<String> modes, List<String> nodeKinds) throws Exception {
        List<Result> results = new ArrayList<>();
        for (String scenario : scenarios) {
            String[] parts = scenario.split("x");
            for (String nodeKind : nodeKinds) {
                for (String mode : modes) {
                    results.add(runOne(Integer.parseInt(parts[0]), nodeKind, Integer.parseInt(parts[1]), mode));
                }
            }
        }
        print(results);
        return results.stream().allMatch(r -> r.bound() == r.pods()) ? 0 : 1;
    }

    private Result runOne(int nodeCount, String nodeKind, int podCount, String mode) throws Exception {
        Bench.progress(String.format(Locale.ROOT, "%d %s nodes, %d pods, %s: starting a cluster", nodeCount, nodeKind, podCount, mode));
        TestCluster cluster = new TestCluster(0, ignitePortBase);
        try (KubernetesClient client = new KubernetesClientBuilder()
                     .withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).withMaxConcurrentRequests(256)
                             .withMaxConcurrentRequestsPerHost(256).build()).build();
             SharedInformersImpl informers = new SharedInformersImpl(client, 0);
             HollowCluster hollow = nodeKind.equals("hollow") ? new HollowCluster(client, informers) : null) {
            ExecutorService pool = Executors.newFixedThreadPool(creators);
            try {
                if (hollow != null) {
                    hollow.add(nodeCount);
                } else {
                    createNodes(client, pool, nodeCount);
                }
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                        .create();
                Set<String> bound = ConcurrentHashMap.newKeySet();
                long[] lastBound = new long[1];
                informers.informer(Pod.class).addEventHandler(new BoundCounter(bound, lastBound));
                awaitNodes(informers, nodeCount);
                Scheduler scheduler = null;
                try {
                    long start;
                    long created;
                    if (mode.equals("backlog")) {
                        long createStart = System.nanoTime();
                        createPods(client, pool, podCount, i -> { });
                        created = System.nanoTime() - createStart;
                        start = System.nanoTime();
                        scheduler = new Scheduler(client, informers, Settings.defaults(), new PluginSet(), "bench");
                        scheduler.start();
                    } else {
                        scheduler = new Scheduler(client, informers, Settings.defaults(), new PluginSet(), "bench");
                        scheduler.start();
                        Thread.sleep(500); // the scheduler's caches sync
                        start = System.nanoTime();
                        createPods(client, pool, podCount, i -> { });
                        created = System.nanoTime() - start;
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                    while (bound.size() < podCount && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    double seconds;
                    synchronized (lastBound) {
                        seconds = (lastBound[0] - start) / 1e9;
                    }
                    Result result = new Result(nodeCount, nodeKind, podCount, mode, podCount / (created / 1e9),
                            bound.size() / seconds, seconds, bound.size());
                    Bench.progress(String.format(Locale.ROOT, "  %d of %d bound in %.2f s: %.0f pods/s (created at %.0f/s)",
                            bound.size(), podCount, seconds, result.podsPerSecond(), result.createRate()));
                    return result;
                } finally {
                    if (scheduler != null) {
                        scheduler.close();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            closeQuietly(cluster);
        }
    }

    /** Jetty's graceful stop times out while idle keep-alive connections are open (as in bench/apiserver): ignored. */
    private static void closeQuietly(TestCluster cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            Bench.progress("stopping the cluster: " + e + " (ignored)");
        }
    }

    private static void createNodes(KubernetesClient client, ExecutorService pool, int count) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node node = fakeNode(String.format(Locale.ROOT, "node-%05d", i));
            futures.add(pool.submit(() -> {
                client.nodes().resource(node).create();
                client.nodes().withName(node.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(node.getStatus());
                    return current;
                });
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    /** A Ready node as scheduler_perf's, with room for 110 pods of 100m / 500 Mi: 32 CPUs, 64 Gi. */
    private static Node fakeNode(String name) {
        Map<String, Quantity> resources = Map.of("cpu", new Quantity("32"), "memory", new Quantity("64Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(resources).withCapacity(resources)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus().build();
    }

    /** Until {@code count} nodes are Ready (hollow kubelets register first and report Ready after). */
    private static void awaitNodes(SharedInformersImpl informers, int count) throws InterruptedException {
        while (informers.informer(Node.class).getStore().list().stream().filter(SchedulerBenchmark::ready).count() < count) {
            Thread.sleep(20);
        }
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void createPods(KubernetesClient client, ExecutorService pool, int count, IntConsumer after)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                client.pods().inNamespace("bench").resource(benchPod(index)).create();
                after.accept(index);
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private static Pod benchPod(int index) {
        return new PodBuilder()
                .withNewMetadata().withName(String.format(Locale.ROOT, "pod-%05d", index)).withNamespace("bench").endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                .endResources().endContainer().endSpec()
                .build();
    }

    /** Counts bench pods seen bound by the informer and notes when the last one was. */
    private record BoundCounter(Set<String> bound, long[] lastBound) implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            check(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            check(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean unknown) {
        }

        private void check(Pod pod) {
            String node = pod.getSpec().getNodeName();
            if ("bench".equals(pod.getMetadata().getNamespace()) && node != null && !node.isEmpty()
                    && bound.add(pod.getMetadata().getUid())) {
                synchronized (lastBound) {
                    lastBound[0] = System.nanoTime();
                }
            }
        }
    }

    private static void print(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("Kuberaf scheduler throughput\n");
        out.append(Machine.dateLine());
        out.append(Machine.machineLine("in-memory store", java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), "n/a"));
        out.append(Machine.loadLine());
        out.append(Machine.javaLine(""));
        out.append("setup:    apiserver over an in-memory Ignite store (TestCluster) and the scheduler in this JVM, over HTTP;\n");
        out.append("          fake nodes: created through the API as Ready (32 CPU, 64 Gi, 110 pods), no kubelets, as scheduler_perf;\n");
        out.append("          hollow nodes: Kuberaf's hollow kubelets in this JVM (same size), registering, heartbeating and\n");
        out.append("          running every bound pod on the simulated runtime while the scheduler works;\n");
        out.append("          pods request 100m CPU / 500 Mi; default plugins; percentageOfNodesToScore adaptive;\n");
        out.append("          stream: pods created by 16 clients while the scheduler runs, timed from the first create;\n");
        out.append("          backlog: pods created first, timed from the scheduler's start. Both until the last pod is bound.\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"nodes", "kind", "pods", "mode", "created/s", "scheduled pods/s", "seconds", "bound"});
        for (Result r : results) {
            rows.add(new String[] {String.valueOf(r.nodes()), r.nodeKind(), String.valueOf(r.pods()), r.mode(),
                    String.format(Locale.ROOT, "%.0f", r.createRate()), String.format(Locale.ROOT, "%.0f", r.podsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", r.seconds()), r.bound() + "/" + r.pods()});
        }
        out.append(TextTable.render(rows, true, false, true, false, true, true, true, true));
        out.append(String.format(Locale.ROOT, "%nreference: Kubernetes scheduler_perf SchedulingBasic, 5,000 nodes: gate %.0f pods/s "
                + "(a reference figure from Kubernetes' own CI, not measured here).%n", KUBERNETES_GATE));
        System.out.print(out);
    }
}
