package io.kuberaf.runtime.simulated;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberaf.kubelet.spi.KubeletLauncher;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hollow nodes: kubelets in this JVM, each with its own {@link SimulatedRuntime}, labelled
 * {@code kuberaf.io/hollow=true} and named {@code <prefix>0001}, {@code <prefix>0002} ... They share the
 * launcher's threads and pod watch; a hollow node costs its runtime's maps and its kubelet's state, no thread.
 */
public final class HollowNodes {

    public static final String LABEL = "kuberaf.io/hollow";
    public static final String DEFAULT_PREFIX = "hollow-";

    private static final Logger LOG = LoggerFactory.getLogger(HollowNodes.class);

    private final KubeletLauncher launcher;
    private final KubernetesClient client;
    private final Settings settings;
    private final int cpus;
    private final long memoryBytes;
    private final Duration relist;
    private final Map<String, RunningKubelet> nodes = new TreeMap<>();

    public HollowNodes(KubeletLauncher launcher, KubernetesClient client, Settings settings, int cpus, long memoryBytes,
                       Duration relist) {
        this.launcher = launcher;
        this.client = client;
        this.settings = settings;
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
        this.relist = relist;
    }

    /** Starts {@code count} more hollow nodes; returns their names. */
    public synchronized List<String> add(int count, String prefix) {
        List<String> added = new ArrayList<>();
        int number = 1;
        while (added.size() < count) {
            String name = prefix + String.format("%04d", number++);
            if (nodes.containsKey(name)) {
                continue;
            }
            KubeletOptions options = KubeletOptions.builder(name)
                    .labels(Map.of(LABEL, "true"))
                    .hollow(cpus, memoryBytes)
                    .relistPeriod(relist)
                    .build();
            nodes.put(name, launcher.start(options, new SimulatedRuntime(settings)));
            added.add(name);
        }
        LOG.info("Started {} hollow nodes ({} in all)", added.size(), nodes.size());
        return added;
    }

    /** Stops the {@code count} last hollow nodes and deletes their Node objects; returns their names. */
    public synchronized List<String> remove(int count) {
        List<String> names = new ArrayList<>(nodes.keySet());
        List<String> removed = new ArrayList<>(names.subList(Math.max(0, names.size() - count), names.size()));
        removed.forEach(this::stop);
        return removed;
    }

    public synchronized List<String> removeAll() {
        return remove(nodes.size());
    }

    public synchronized List<RunningKubelet> list() {
        return List.copyOf(nodes.values());
    }

    private void stop(String name) {
        RunningKubelet kubelet = nodes.remove(name);
        if (kubelet == null) {
            return;
        }
        kubelet.close();
        try {
            client.nodes().withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("Hollow node {} stopped, but its Node object could not be deleted: {}", name, e.getMessage());
        }
    }
}
