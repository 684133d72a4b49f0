package io.kuberaf.proxy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The proxy's main loop: any change of a Service, EndpointSlice or of this node asks for a sync; syncs
 * run on one thread, at most one per {@code minSyncInterval} (a burst of changes becomes one sync), and
 * at least one per {@code syncPeriod} (rules someone else removed come back). A sync rewrites the whole
 * ruleset from the informer caches in one iptables-restore, so a restarted proxy replaces the rules of
 * the previous one atomically instead of starting from nothing.
 */
final class Proxier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Proxier.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** What the proxy is configured with. */
    record Options(String nodeName, Cidr serviceCidr, boolean masqueradeAll, int mark, boolean localhostNodePorts,
                   List<String> bridgeInterfaces, Duration syncPeriod, Duration minSyncInterval, Path stateFile,
                   Chains chains) {
    }

    private final Options options;
    private final Iptables iptables;
    private final NodeNetwork network;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final SharedIndexInformer<Node> nodes;
    private final List<Runnable> handlerRemovals = new ArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kuberaf-proxy-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();

    // Touched by the sync thread only (and by close() once that thread is stopped).
    private long lastSyncNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private Map<String, String> programmed = Map.of();
    private String lastError;
    private int failures;
    private boolean podCidrWarned;
    private volatile List<ServicePort> lastPorts = List.of();
    private volatile String lastRules = "";
    private volatile boolean synced;

    Proxier(SharedInformers informers, Iptables iptables, Options options) {
        this.options = options;
        this.iptables = iptables;
        this.network = new NodeNetwork(iptables, options.stateFile());
        this.services = informers.informer(Service.class);
        this.slices = informers.informer(EndpointSlice.class);
        this.nodes = informers.informer(Node.class);
    }

    void start() {
        watch(services, object -> true);
        watch(slices, object -> true);
        watch(nodes, node -> options.nodeName().equals(node.getMetadata().getName()));
        long period = options.syncPeriod().toMillis();
        executor.scheduleWithFixedDelay(this::requestSync, period, period, TimeUnit.MILLISECONDS);
        requestSync();
        LOG.info("Proxy started for node {} (service CIDR {}, sync every {} s, at most every {} ms)", options.nodeName(),
                options.serviceCidr(), options.syncPeriod().toSeconds(), options.minSyncInterval().toMillis());
    }

    /** Asks for a sync; requests that arrive before it runs are folded into it. */
    void requestSync() {
        if (pending.compareAndSet(false, true)) {
            long wait = lastSyncNanos + options.minSyncInterval().toNanos() - System.nanoTime();
            schedule(Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    /** The service ports of the last successful sync (for the shell and the tests). */
    List<ServicePort> programmedPorts() {
        return lastPorts;
    }

    /** The rules of the last successful sync, as given to iptables-restore. */
    String programmedRules() {
        return lastRules;
    }

    boolean hasSynced() {
        return synced;
    }

    /**
     * Stops syncing. With {@code removeRules} the jumps and every chain of ours are deleted and the
     * interface settings put back; without, the rules stay for the next instance to replace.
     */
    void close(boolean removeRules) {
        handlerRemovals.forEach(Runnable::run);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The proxy's sync did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (removeRules) {
            removeRules();
        } else {
            LOG.info("Proxy stopped; its iptables rules stay in place until the next proxy instance replaces them");
        }
    }

    @Override
    public void close() {
        close(true);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void watch(SharedIndexInformer<T> informer,
                                                                                 java.util.function.Predicate<T> relevant) {
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (relevant.test(object)) {
                    requestSync();
                }
            }

            @Override
            public void onUpdate(T before, T after) {
                if (relevant.test(after) && !Objects.equals(before.getMetadata().getResourceVersion(),
                        after.getMetadata().getResourceVersion())) {
                    requestSync();
                }
            }

            @Override
            public void onDelete(T object, boolean unknownFinalState) {
                if (relevant.test(object)) {
                    requestSync();
                }
            }
        };
        informer.addEventHandler(handler);
        handlerRemovals.add(() -> informer.removeEventHandler(handler));
    }

    private void schedule(long delay, TimeUnit unit) {
        try {
            executor.schedule(this::runSync, delay, unit);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void runSync() {
        pending.set(false);
        if (!(services.hasSynced() && slices.hasSynced() && nodes.hasSynced())) {
            // Rules written from a half-filled cache would drop the services not listed yet.
            LOG.debug("Waiting for the Service, EndpointSlice and Node caches before the first sync");
            pending.set(true);
            schedule(200, TimeUnit.MILLISECONDS);
            return;
        }
        lastSyncNanos = System.nanoTime();
        try {
            sync();
            if (failures > 0) {
                LOG.info("iptables sync works again after {} failed attempt(s)", failures);
            }
            failures = 0;
            lastError = null;
        } catch (RuntimeException e) {
            failures++;
            if (!Objects.equals(lastError, e.getMessage())) {
                if (e instanceof Iptables.IptablesException) {
                    LOG.warn("iptables sync failed (attempt {}), retrying: {}", failures, e.getMessage());
                } else {
                    LOG.warn("iptables sync failed (attempt {}), retrying: {}", failures, e.getMessage(), e);
                }
            }
            lastError = e.getMessage();
            long retry = Math.min(MAX_RETRY.toMillis(), 1000L << Math.min(failures - 1, 5));
            if (pending.compareAndSet(false, true)) {
                schedule(retry, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void sync() {
        long start = System.nanoTime();
        Cidr podCidr = podCidr();
        List<ServicePort> ports = ServiceModel.servicePorts(services.getIndexer().list(), slices.getIndexer().list(),
                options.serviceCidr());
        Ruleset ruleset = new Ruleset(new Ruleset.Settings(options.serviceCidr(), podCidr, options.masqueradeAll(),
                options.mark(), options.localhostNodePorts()), options.chains());
        String natBefore = iptables.save("nat");
        String filterBefore = iptables.save("filter");
        String rules = ruleset.render(ports, options.chains().declaredIn(natBefore),
                options.chains().declaredIn(filterBefore));
        iptables.restore(rules);
        ensureJumps(Map.of("nat", natBefore, "filter", filterBefore));
        network.ensure(network.bridges(options.bridgeInterfaces(), podCidr), options.localhostNodePorts());
        lastPorts = ports;
        lastRules = rules;
        synced = true;
        logChanges(ports, (System.nanoTime() - start) / 1_000_000);
    }

    private Cidr podCidr() {
        Node node = nodes.getIndexer().getByKey(options.nodeName());
        String cidr = node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        if (cidr == null || cidr.isBlank()) {
            if (!podCidrWarned) {
                podCidrWarned = true;
                LOG.warn("Node {} {}: every packet to a cluster IP is masqueraded and no pod bridge gets forwarding;"
                        + " check node.name in io.kuberaf.proxy.cfg", options.nodeName(),
                        node == null ? "is not in the API" : "has no spec.podCIDR yet");
            }
            return null;
        }
        if (podCidrWarned) {
            LOG.info("Node {} has pod CIDR {}", options.nodeName(), cidr);
            podCidrWarned = false;
        }
        return Cidr.parse(cidr);
    }

    /**
     * Hooks our chains into the built-in ones. When a jump of a built-in chain is missing, all of ours in
     * that chain are put back in their order (a service REJECT must come before the FORWARD accepts).
     */
    private void ensureJumps(Map<String, String> saved) {
        Map<String, List<Chains.Jump>> byBuiltin = new LinkedHashMap<>();
        options.chains().jumps.forEach(jump -> byBuiltin.computeIfAbsent(jump.table() + " " + jump.builtin(), k -> new ArrayList<>()).add(jump));
        for (List<Chains.Jump> jumps : byBuiltin.values()) {
            if (jumps.stream().allMatch(jump -> present(saved.get(jump.table()), jump))) {
                continue;
            }
            for (Chains.Jump jump : jumps) {
                while (iptables.exists(jump)) {
                    iptables.delete(jump);
                }
            }
            for (int i = jumps.size() - 1; i >= 0; i--) {
                iptables.insert(jumps.get(i));
            }
            LOG.info("Hooked {} into {} {}", jumps.stream().map(Chains.Jump::target).toList(), jumps.get(0).table(),
                    jumps.get(0).builtin());
        }
    }

    private static boolean present(String save, Chains.Jump jump) {
        for (String line : save.split("\n")) {
            if (line.startsWith("-A " + jump.builtin() + " ") && line.endsWith("-j " + jump.target())) {
                return true;
            }
        }
        return false;
    }

    private void removeRules() {
        try {
            for (Chains.Jump jump : options.chains().jumps) {
                while (iptables.exists(jump)) {
                    iptables.delete(jump);
                }
            }
            List<String> nat = options.chains().declaredIn(iptables.save("nat"));
            List<String> filter = options.chains().declaredIn(iptables.save("filter"));
            String removal = Ruleset.removal(nat, filter);
            if (!removal.isEmpty()) {
                iptables.restore(removal);
            }
            LOG.info("Proxy stopped; removed its jumps and {} nat and {} filter chains", nat.size(), filter.size());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the proxy's iptables rules: {}", e.getMessage(), e);
        }
        network.restore();
    }

    private void logChanges(List<ServicePort> ports, long millis) {
        Map<String, String> now = new LinkedHashMap<>();
        ports.forEach(port -> now.put(port.id() + "/" + port.protocol(), describe(port)));
        int changes = 0;
        for (Map.Entry<String, String> entry : now.entrySet()) {
            String before = programmed.get(entry.getKey());
            if (!entry.getValue().equals(before)) {
                changes++;
                LOG.info("Service port {}: {}", entry.getKey(), entry.getValue());
            }
        }
        for (String gone : programmed.keySet()) {
            if (!now.containsKey(gone)) {
                changes++;
                LOG.info("Service port {}: removed", gone);
            }
        }
        long endpoints = ports.stream().mapToLong(port -> port.endpoints().size()).sum();
        long rejecting = ports.stream().filter(port -> port.endpoints().isEmpty()).count();
        if (changes > 0) {
            LOG.info("iptables synced in {} ms: {} service ports, {} endpoints, {} rejecting (no ready endpoint)", millis,
                    ports.size(), endpoints, rejecting);
        } else {
            LOG.debug("iptables resynced in {} ms, nothing changed ({} service ports)", millis, ports.size());
        }
        programmed = now;
    }

    private static String describe(ServicePort port) {
        StringBuilder text = new StringBuilder(port.clusterIp() + ":" + port.port());
        if (port.nodePort() > 0) {
            text.append(", node port ").append(port.nodePort());
        }
        if (port.affinitySeconds() > 0) {
            text.append(", ClientIP affinity ").append(port.affinitySeconds()).append(" s");
        }
        return text.append(port.endpoints().isEmpty() ? " -> no ready endpoint (rejected)" : " -> " + port.endpoints()).toString();
    }
}
