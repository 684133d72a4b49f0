package io.kuberaf.controller.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;

import java.util.ArrayList;
import java.util.List;

/**
 * The node controllers that run together on the leader: lifecycle (health, conditions, taints),
 * taint eviction, pod garbage collection and, when enabled, node IPAM.
 */
public final class NodeControllers implements AutoCloseable {

    private final NodeLifecycleController lifecycle;
    private final TaintEvictionController eviction;
    private final PodGarbageCollector podGc;
    private final NodeIpamController ipam;

    public NodeControllers(KubernetesClient client, SharedInformers informers, Settings settings) {
        this.lifecycle = new NodeLifecycleController(client, informers, settings);
        this.eviction = new TaintEvictionController(client, informers, settings);
        this.podGc = new PodGarbageCollector(client, informers, settings);
        this.ipam = settings.allocateNodeCidrs() ? new NodeIpamController(client, informers, settings) : null;
    }

    public NodeControllers start() {
        lifecycle.start();
        eviction.start();
        podGc.start();
        if (ipam != null) {
            ipam.start();
        }
        return this;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(List.of(lifecycle, eviction, podGc));
        if (ipam != null) {
            all.add(ipam);
        }
        for (AutoCloseable controller : all) {
            try {
                controller.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
