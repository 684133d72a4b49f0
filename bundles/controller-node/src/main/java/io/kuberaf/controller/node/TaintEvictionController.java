package io.kuberaf.controller.node;

import io.kuberaf.client.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' NoExecute taint manager: a pod on a node with a NoExecute taint it does not tolerate is
 * deleted at once; a pod tolerating it for tolerationSeconds is deleted that long after the taint was
 * added (the taint's timeAdded, so a restarted controller keeps the same deadline); a pod tolerating it
 * without a limit stays. Pods already terminating are left to the kubelet and to the pod GC.
 */
final class TaintEvictionController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaintEvictionController.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Pod> pods;
    private final EventRecorder events;
    private final Controller controller;
    /** When this controller first saw a NoExecute taint that has no timeAdded ("node|key|effect"). */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    TaintEvictionController(KubernetesClient client, SharedInformers informers, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.nodes = informers.informer(Node.class);
        this.pods = informers.informer(Pod.class);
        this.events = new EventRecorder(client, "taint-eviction-controller", null);
        this.controller = Controller.builder("taint-eviction")
                .watch(pods)
                .watch(nodes, this::podsOfTaintedNode)
                .reconciler(this::reconcile)
                .workers(settings.workers())
                .build();
    }

    void start() {
        controller.start();
    }

    /** A node's old and new versions both come here, so removing a taint also requeues its pods. */
    private List<String> podsOfTaintedNode(Node node) {
        if (noExecuteTaints(node).isEmpty()) {
            return List.of();
        }
        return pods.getIndexer().byIndex(SharedInformers.PODS_BY_NODE, node.getMetadata().getName())
                .stream().map(Keys::of).toList();
    }

    private Result reconcile(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || nodeName(pod) == null) {
            return Result.done();
        }
        Node node = nodes.getStore().getByKey(nodeName(pod));
        if (node == null) {
            return Result.done();
        }
        Instant now = settings.clock().instant();
        Instant deadline = evictionDeadline(pod, node, now);
        if (deadline == null) {
            return Result.done();
        }
        if (deadline.isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, deadline));
        }
        evict(pod);
        return Result.done();
    }

    /** The earliest moment one of the node's NoExecute taints evicts the pod; null for never. */
    private Instant evictionDeadline(Pod pod, Node node, Instant now) {
        Instant earliest = null;
        for (Taint taint : noExecuteTaints(node)) {
            Tolerations.Allowance allowance = Tolerations.allowance(
                    pod.getSpec() == null ? null : pod.getSpec().getTolerations(), taint);
            if (allowance.forever()) {
                continue;
            }
            Instant deadline = added(node, taint, now).plus(allowance.duration());
            if (earliest == null || deadline.isBefore(earliest)) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    private Instant added(Node node, Taint taint, Instant now) {
        Instant timeAdded = Times.parse(taint.getTimeAdded());
        if (timeAdded != null) {
            return timeAdded;
        }
        return firstSeen.computeIfAbsent(node.getMetadata().getName() + "|" + taint.getKey() + "|" + taint.getEffect(),
                ignored -> now);
    }

    private void evict(Pod pod) {
        String key = Keys.of(pod);
        LOG.info("Evicting pod {} from node {}: it does not tolerate the node's NoExecute taints (any longer)",
                key, nodeName(pod));
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    }

    private static List<Taint> noExecuteTaints(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return List.of();
        }
        return node.getSpec().getTaints().stream().filter(t -> NodeTaints.NO_EXECUTE.equals(t.getEffect())).toList();
    }

    private static String nodeName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return name == null || name.isEmpty() ? null : name;
    }

    @Override
    public void close() {
        controller.close();
        events.close();
    }
}
