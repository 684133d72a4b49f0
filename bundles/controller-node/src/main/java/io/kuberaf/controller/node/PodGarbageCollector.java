package io.kuberaf.controller.node;

import io.kuberaf.client.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' pod GC for pods whose kubelet will never finish them: a terminating pod on a node that
 * is not Ready is force-deleted once its grace period (its deletionTimestamp) plus the configured delay
 * has passed; a pod bound to a node that does not exist (checked against the API, not only the cache)
 * is force-deleted once the node has been missing for the monitor grace period (Kubernetes' quarantine,
 * so that a pod bound just before its node shows up in the cache is safe). Runs on pod and node
 * changes and on a full pass every pod GC period.
 */
final class PodGarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodGarbageCollector.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Pod> pods;
    private final EventRecorder events;
    private final Controller controller;
    private final ScheduledExecutorService sweeper;
    /** Nodes that pods are bound to and the cache does not hold, since when this collector noticed. */
    private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();

    PodGarbageCollector(KubernetesClient client, SharedInformers informers, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.nodes = informers.informer(Node.class);
        this.pods = informers.informer(Pod.class);
        this.events = new EventRecorder(client, "pod-garbage-collector", null);
        this.controller = Controller.builder("pod-gc")
                .watch(pods, pod -> candidate(pod) ? List.of(Keys.of(pod)) : List.of())
                .watch(nodes, this::podsOn)
                .reconciler(this::reconcile)
                .workers(1)
                .build();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pod-gc-sweep");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        controller.start();
        long period = settings.podGcPeriod().toMillis();
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        pods.getStore().list().stream().filter(this::candidate).map(Keys::of).forEach(controller::enqueue);
    }

    /** A pod that may need collecting: terminating on a node, or bound to a node the cache does not know. */
    private boolean candidate(Pod pod) {
        String node = nodeName(pod);
        return node != null && (pod.getMetadata().getDeletionTimestamp() != null || nodes.getStore().getByKey(node) == null);
    }

    private List<String> podsOn(Node node) {
        return pods.getIndexer().byIndex(SharedInformers.PODS_BY_NODE, node.getMetadata().getName()).stream()
                .filter(this::candidate).map(Keys::of).toList();
    }

    private Result reconcile(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null || nodeName(pod) == null) {
            return Result.done();
        }
        Node node = nodes.getStore().getByKey(nodeName(pod));
        if (node == null) {
            return collectOrphan(pod);
        }
        missingSince.remove(node.getMetadata().getName());
        if (pod.getMetadata().getDeletionTimestamp() == null
                || NodeConditions.TRUE.equals(NodeConditions.readyStatus(node))) {
            return Result.done();
        }
        Instant deletion = Times.parse(pod.getMetadata().getDeletionTimestamp());
        Instant due = (deletion == null ? settings.clock().instant() : deletion).plus(settings.forceDeleteDelay());
        Instant now = settings.clock().instant();
        if (due.isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, due));
        }
        LOG.info("Force-deleting pod {}: it is terminating on node {}, which is not Ready", key, nodeName(pod));
        forceDelete(pod);
        return Result.done();
    }

    private Result collectOrphan(Pod pod) {
        Instant now = settings.clock().instant();
        Instant due = missingSince.computeIfAbsent(nodeName(pod), ignored -> now).plus(settings.gracePeriod());
        if (due.isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, due));
        }
        // The cache may lag behind a node that was just created: ask the API before deleting.
        if (client.nodes().withName(nodeName(pod)).get() != null) {
            missingSince.remove(nodeName(pod));
            return Result.done();
        }
        LOG.info("Force-deleting pod {}: it is bound to node {}, which does not exist", Keys.of(pod), nodeName(pod));
        events.normal(pod, "PodGCOrphaned", "Deleting pod " + Keys.of(pod) + ": node " + nodeName(pod) + " does not exist");
        forceDelete(pod);
        return Result.done();
    }

    private void forceDelete(Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withGracePeriod(0).delete();
    }

    private static String nodeName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return name == null || name.isEmpty() ? null : name;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        controller.close();
        events.close();
    }
}
