package io.kuberaf.controller.node;

import io.kuberaf.client.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' node lifecycle controller: every monitor period, and whenever a Node or its Lease in
 * kube-node-lease changes, it judges the node's health. A node whose kubelet has not renewed its Lease
 * nor posted a Ready heartbeat for the grace period gets its kubelet conditions set to Unknown. Then
 * the node's taints are made to match its conditions (see {@link NodeTaints}), and the pods of a node
 * that is not Ready are marked not Ready, so that Services stop sending them traffic.
 */
final class NodeLifecycleController implements AutoCloseable {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Lease> leases;
    private final SharedIndexInformer<Pod> pods;
    private final NodeHealth health;
    private final EventRecorder events;
    private final Controller controller;
    private final ScheduledExecutorService monitor;

    NodeLifecycleController(KubernetesClient client, SharedInformers informers, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.nodes = informers.informer(Node.class);
        this.leases = informers.informer(Lease.class);
        this.pods = informers.informer(Pod.class);
        this.health = new NodeHealth(settings.gracePeriod(), settings.startupGracePeriod());
        this.events = new EventRecorder(client, "node-controller", null);
        this.controller = Controller.builder("node-lifecycle")
                .watch(nodes)
                .watch(leases, lease -> LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())
                        ? List.of(lease.getMetadata().getName()) : List.of())
                .reconciler(this::reconcile)
                .workers(settings.workers())
                .build();
        this.monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-lifecycle-monitor");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        controller.start();
        long period = settings.monitorPeriod().toMillis();
        monitor.scheduleAtFixedRate(this::enqueueAllNodes, period, period, TimeUnit.MILLISECONDS);
    }

    private void enqueueAllNodes() {
        nodes.getStore().listKeys().forEach(controller::enqueue);
    }

    private Result reconcile(String name) {
        Node cached = nodes.getStore().getByKey(name);
        if (cached == null) {
            health.forget(name);
            return Result.done();
        }
        Instant now = settings.clock().instant();
        Lease lease = leases.getStore().getByKey(Keys.of(LEASE_NAMESPACE, name));
        Node node = cached;
        if (health.overdue(cached, lease, now)) {
            node = markUnknown(cached, now);
        }
        node = updateTaints(node, now);
        if (!NodeConditions.TRUE.equals(NodeConditions.readyStatus(node))
                && NodeConditions.find(node, NodeConditions.READY) != null) {
            markPodsNotReady(name, now);
        }
        return Result.done();
    }

    private Node markUnknown(Node cached, Instant now) {
        Node node = copy(cached);
        boolean wasReady = NodeConditions.TRUE.equals(NodeConditions.readyStatus(cached));
        if (!NodeConditions.markUnknown(node, now)) {
            return cached;
        }
        Node updated = client.nodes().resource(node).updateStatus();
        LOG.info("Node {}: kubelet stopped posting node status; its conditions are now Unknown", name(cached));
        if (wasReady) {
            events.normal(updated, "NodeNotReady", "Node " + name(cached) + " status is now: NodeNotReady");
        }
        return updated;
    }

    private Node updateTaints(Node current, Instant now) {
        List<Taint> desired = NodeTaints.desired(current, now);
        if (NodeTaints.same(desired, current.getSpec() == null ? null : current.getSpec().getTaints())) {
            return current;
        }
        Node node = copy(current);
        node.getSpec().setTaints(desired);
        Node updated = client.nodes().resource(node).update();
        LOG.info("Node {}: taints now {}", name(current),
                desired.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
        return updated;
    }

    /** Sets Ready=False on the pods of a node that is not Ready (only on pods that say Ready=True). */
    private void markPodsNotReady(String nodeName, Instant now) {
        for (Pod pod : pods.getIndexer().byIndex(SharedInformers.PODS_BY_NODE, nodeName)) {
            PodCondition ready = readyCondition(pod);
            if (ready == null || !NodeConditions.TRUE.equals(ready.getStatus())) {
                continue;
            }
            Pod changed = client.getKubernetesSerialization().clone(pod);
            PodCondition condition = readyCondition(changed);
            condition.setStatus(NodeConditions.FALSE);
            condition.setLastTransitionTime(Times.format(now));
            client.pods().resource(changed).updateStatus();
            LOG.debug("Pod {} on not ready node {} marked not Ready", Keys.of(pod), nodeName);
        }
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> NodeConditions.READY.equals(c.getType())).findFirst().orElse(null);
    }

    private Node copy(Node node) {
        Node copy = client.getKubernetesSerialization().clone(node);
        if (copy.getSpec() == null) {
            copy.setSpec(new NodeSpec());
        }
        if (copy.getStatus() == null) {
            copy.setStatus(new NodeStatus());
        }
        return copy;
    }

    private static String name(Node node) {
        return node.getMetadata().getName();
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        controller.close();
        events.close();
    }
}
