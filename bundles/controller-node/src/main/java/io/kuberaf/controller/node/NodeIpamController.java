package io.kuberaf.controller.node;

import io.kuberaf.client.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node IPAM (Kubernetes' range allocator): gives each node without one a pod CIDR from the cluster
 * CIDR, in spec.podCIDR and spec.podCIDRs. The allocation is rebuilt from the nodes' own podCIDRs
 * before the first node is served, so a restarted controller never hands out a taken CIDR; a deleted
 * node's CIDR is free again.
 */
final class NodeIpamController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final SharedIndexInformer<Node> nodes;
    private final CidrAllocator allocator;
    private final EventRecorder events;
    private final Controller controller;
    private final Set<String> toldExhausted = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    NodeIpamController(KubernetesClient client, SharedInformers informers, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.nodes = informers.informer(Node.class);
        this.allocator = new CidrAllocator(settings.clusterCidr(), settings.nodeCidrMaskSize());
        this.events = new EventRecorder(client, "cidrAllocator", null);
        this.controller = Controller.builder("node-ipam")
                .watch(nodes)
                .reconciler(this::reconcile)
                .workers(1)
                .build();
    }

    void start() {
        controller.start();
    }

    /** Workers start once the node cache has synced, so this sees every node that has a CIDR. */
    private synchronized void loadOnce() {
        if (loaded) {
            return;
        }
        for (Node node : nodes.getStore().list()) {
            podCidr(node).ifPresent(cidr -> occupy(node, cidr));
        }
        LOG.info("Node IPAM: {} of the {} /{} pod CIDRs in {} are in use", allocator.allocated(), allocator.capacity(),
                settings.nodeCidrMaskSize(), settings.clusterCidr());
        loaded = true;
    }

    private Result reconcile(String name) {
        loadOnce();
        Node node = nodes.getStore().getByKey(name);
        if (node == null) {
            allocator.release(name);
            toldExhausted.remove(name);
            return Result.done();
        }
        Optional<String> existing = podCidr(node);
        if (existing.isPresent()) {
            occupy(node, existing.get());
            return Result.done();
        }
        Optional<String> cidr = allocator.allocate(name);
        if (cidr.isEmpty()) {
            if (toldExhausted.add(name)) {
                LOG.warn("Node {} gets no pod CIDR: all {} /{} subnets of {} are in use; widen cluster.cidr or remove nodes",
                        name, allocator.capacity(), settings.nodeCidrMaskSize(), settings.clusterCidr());
                events.warning(node, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
            }
            return Result.requeueAfter(settings.monitorPeriod());
        }
        Node changed = client.getKubernetesSerialization().clone(node);
        if (changed.getSpec() == null) {
            changed.setSpec(new NodeSpec());
        }
        changed.getSpec().setPodCIDR(cidr.get());
        changed.getSpec().setPodCIDRs(List.of(cidr.get()));
        client.nodes().resource(changed).update();
        toldExhausted.remove(name);
        LOG.info("Node {}: pod CIDR {}", name, cidr.get());
        return Result.done();
    }

    private void occupy(Node node, String cidr) {
        if (!allocator.occupy(node.getMetadata().getName(), cidr)) {
            LOG.warn("Node {} has pod CIDR {}, which is outside {} or already another node's; leaving it as it is",
                    node.getMetadata().getName(), cidr, settings.clusterCidr());
        }
    }

    private static Optional<String> podCidr(Node node) {
        if (node.getSpec() == null) {
            return Optional.empty();
        }
        if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
            return Optional.of(node.getSpec().getPodCIDRs().get(0));
        }
        return Optional.ofNullable(node.getSpec().getPodCIDR()).filter(cidr -> !cidr.isEmpty());
    }

    @Override
    public void close() {
        controller.close();
        events.close();
    }
}
