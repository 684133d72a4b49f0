package io.kuberaf.client.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs something on one member of the control plane only, holding the Lease
 * {@code kube-system/<name>} (kube-controller-manager's timings: 15 s lease, 10 s renew deadline,
 * 2 s retry). When leadership is lost the thing is closed, and the elector tries again.
 *
 * <pre>{@code
 * election = LeaderElection.start(client, "kuberaf-replicaset-controller", () -> { c.start(); return c; });
 * ...
 * election.close();   // closes what it runs and releases the lease
 * }</pre>
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    public static final String NAMESPACE = "kube-system";

    private final String name;
    private final Supplier<? extends AutoCloseable> leading;
    private final ExecutorService executor;
    private volatile AutoCloseable running;
    private final CompletableFuture<?> elector;

    private static final long RELEASE_LIMIT_MS = 3000;

    private LeaderElection(KubernetesClient client, String name, String identity, Supplier<? extends AutoCloseable> leading) {
        this.name = name;
        this.leading = leading;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "leader-election-" + name);
            thread.setDaemon(true);
            return thread;
        });
        LeaderElectionConfig config = new LeaderElectionConfig(
                new LeaseLock(NAMESPACE, name, identity),
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
                new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.info("{}: the leader is now {}", name, leader)),
                true, name);
        this.elector = new LeaderElector(client, config, executor).start();
    }

    /**
     * Starts campaigning for the lease {@code name}; runs {@code leading} while it is held. Each
     * election has its own identity (member name and a random suffix, as kube-controller-manager's
     * hostname_uuid), so a restarted bundle is a new candidate; stopping releases the lease at once.
     */
    public static LeaderElection start(KubernetesClient client, String name, Supplier<? extends AutoCloseable> leading) {
        return new LeaderElection(client, name, memberName() + "_" + UUID.randomUUID(), leading);
    }

    /** This member's name: Karaf's instance name and the process (pid@host). */
    public static String memberName() {
        return System.getProperty("karaf.name", "kuberaf") + "_" + ManagementFactory.getRuntimeMXBean().getName();
    }

    public boolean isLeading() {
        return running != null;
    }

    private synchronized void startLeading() {
        LOG.info("{}: became leader, starting", name);
        running = leading.get();
    }

    private synchronized void stopLeading() {
        AutoCloseable stopping = running;
        running = null;
        if (stopping != null) {
            LOG.info("{}: lost leadership, stopping", name);
            closeQuietly(stopping);
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("{}: stopping failed: {}", name, e.toString());
        }
    }

    /**
     * Releases the lease, but waits at most {@value #RELEASE_LIMIT_MS} ms for it: when the apiserver
     * is stopping too (Karaf's shutdown), the client would retry for a long while and hold the bundle's
     * stop; an unreleased lease simply expires after its duration.
     */
    @Override
    public void close() {
        Thread releaser = new Thread(() -> elector.cancel(true), "leader-election-release-" + name);
        releaser.setDaemon(true);
        releaser.start();
        try {
            releaser.join(RELEASE_LIMIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (releaser.isAlive()) {
            LOG.info("{}: the lease was not released within {} ms (is the apiserver down?); it expires on its own", name,
                    RELEASE_LIMIT_MS);
        }
        stopLeading();
        executor.shutdownNow();
    }
}
