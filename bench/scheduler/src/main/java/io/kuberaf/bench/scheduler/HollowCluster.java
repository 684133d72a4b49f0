package io.kuberaf.bench.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.kubelet.KubeletContext;
import io.kuberaf.kubelet.Launcher;
import io.kuberaf.runtime.simulated.HollowNodes;
import io.kuberaf.runtime.simulated.Settings;

import java.time.Duration;

/**
 * Hollow nodes in the benchmark's JVM, as {@code kuberaf:hollow-nodes add} starts them in Karaf: real
 * kubelets (registration, leases, pod workers, status) over the simulated runtime, sized like
 * scheduler_perf's nodes (32 CPUs, 64 Gi).
 */
final class HollowCluster implements AutoCloseable {

    private final KubeletContext context;
    private final Launcher launcher;
    private final HollowNodes nodes;

    HollowCluster(KubernetesClient client, SharedInformers informers) {
        context = new KubeletContext(client, informers, 8);
        launcher = new Launcher(context);
        nodes = new HollowNodes(launcher, client, Settings.DEFAULTS, 32, 64L << 30, Duration.ofSeconds(30));
    }

    void add(int count) {
        nodes.add(count, HollowNodes.DEFAULT_PREFIX);
    }

    @Override
    public void close() throws Exception {
        nodes.removeAll();
        launcher.close();
        context.close();
    }
}
