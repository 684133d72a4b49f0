package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.scheduler.spi.PodInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * kube-scheduler's main loop. Informer handlers keep the {@link SchedulerCache} (nodes, bound pods) and
 * the {@link SchedulingQueue} (pods to place) up to date; one thread pops the next pod, runs the
 * {@link Algorithm} under the cache lock, assumes the pod on the chosen node and hands the binding to
 * the {@link Binder}, then goes on with the next pod while the binding is in flight. A pod that fits
 * nowhere gets a FailedScheduling event and PodScheduled=False, and waits in the queue.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final PluginSet plugins;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Algorithm algorithm;
    private final Binder binder;
    private final ApiWriter writer;
    private final PodHandler podHandler = new PodHandler();
    private final NodeHandler nodeHandler = new NodeHandler();
    private final ScheduledExecutorService housekeeping;
    private final Thread loop;
    private volatile boolean closed;

    public Scheduler(KubernetesClient client, SharedInformers informers, Settings settings, PluginSet plugins, String identity) {
        this.client = client;
        this.settings = settings;
        this.plugins = plugins;
        this.pods = informers.informer(Pod.class);
        this.nodes = informers.informer(Node.class);
        this.cache = new SchedulerCache(settings.assumedPodTtl(), System::nanoTime);
        this.queue = new SchedulingQueue(settings.podInitialBackoff(), settings.podMaxBackoff(), settings.unschedulableFlush(),
                System::nanoTime);
        this.algorithm = new Algorithm(settings.percentageOfNodesToScore());
        this.binder = new Binder(client, settings.maxInFlightBindings());
        this.writer = new ApiWriter(client, identity, settings.reportWriters());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scheduler-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        this.loop = new Thread(this::run, "scheduler");
        this.loop.setDaemon(true);
    }

    /** Adds the informer handlers and starts scheduling once both caches have synced. */
    public void start() {
        nodes.addEventHandler(nodeHandler);
        pods.addEventHandler(podHandler);
        housekeeping.scheduleWithFixedDelay(this::housekeep, 1, 1, TimeUnit.SECONDS);
        loop.start();
    }

    private void housekeep() {
        try {
            if (cache.expireAssumed() > 0) {
                queue.moveAllToActiveOrBackoff();
            }
            queue.flushUnschedulable();
        } catch (RuntimeException e) {
            LOG.warn("Scheduler housekeeping failed: {}", e.toString(), e);
        }
    }

    private void run() {
        try {
            while (!closed && !(nodes.hasSynced() && pods.hasSynced())) {
                Thread.sleep(20);
            }
            LOG.info("Scheduler {} started ({} nodes, {} pods waiting)", settings.schedulerName(), cache.nodeCount(),
                    queue.activeCount());
            QueuedPod next;
            while (!closed && (next = queue.pop()) != null) {
                try {
                    scheduleOne(next);
                } catch (RuntimeException e) {
                    LOG.warn("Scheduling pod {} failed; retrying after back-off: {}", next.pod().getMetadata().getName(),
                            e.toString(), e);
                    queue.addBackoff(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleOne(QueuedPod queued) throws InterruptedException {
        Pod pod = queued.pod();
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null || cache.isKnown(uid)) {
            queue.done(uid); // being deleted, or already bound/assumed: never bind twice
            return;
        }
        PodInfo info = new PodInfoImpl(pod);
        Algorithm.Decision decision;
        synchronized (cache.lock()) {
            decision = algorithm.schedule(info, cache.nodes(), plugins.filters(), plugins.scores());
            if (decision.node() != null) {
                cache.assume(info, decision.node());
            }
        }
        if (decision.node() == null) {
            String message = decision.fitError().message();
            LOG.debug("Pod {} is unschedulable: {}", info.key(), message);
            writer.unschedulable(pod, message);
            queue.addUnschedulable(queued);
            return;
        }
        String node = decision.node();
        binder.bind(pod, node).thenAccept(outcome -> bound(queued, pod, node, outcome));
    }

    private void bound(QueuedPod queued, Pod pod, String node, Binder.Outcome outcome) {
        String uid = pod.getMetadata().getUid();
        if (outcome.ok()) {
            cache.finishBinding(uid);
            queue.done(uid);
            writer.scheduled(pod, node);
            return;
        }
        cache.forget(uid);
        queue.moveAllToActiveOrBackoff(); // the room assumed on that node is free again
        if (outcome.code() == 404 || outcome.code() == 409) {
            // Gone, being deleted, or bound already (by a previous leader): the informer has the truth.
            LOG.debug("Binding {}/{} to {} refused ({}): {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    node, outcome.code(), outcome.detail());
            queue.done(uid);
            return;
        }
        LOG.warn("Binding {}/{} to {} failed ({}); retrying after back-off: {}", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), node, outcome.code(), outcome.detail());
        writer.failed(pod, "Binding rejected: " + outcome.detail());
        queue.addBackoff(queued);
    }

    boolean isResponsibleFor(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return (name == null || name.isEmpty() ? "default-scheduler" : name).equals(settings.schedulerName());
    }

    private static boolean isAssigned(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /** Pods: bound ones feed the cache, pending ones the queue. */
    private final class PodHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            if (isAssigned(pod)) {
                cache.upsertBoundPod(pod);
                queue.delete(pod.getMetadata().getUid());
            } else if (wantsScheduling(pod)) {
                queue.add(pod);
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (isAssigned(pod)) {
                cache.upsertBoundPod(pod);
                queue.delete(pod.getMetadata().getUid());
                if (!SchedulerCache.isTerminal(old) && SchedulerCache.isTerminal(pod)) {
                    queue.moveAllToActiveOrBackoff();
                }
            } else if (!wantsScheduling(pod)) {
                queue.delete(pod.getMetadata().getUid());
            } else if (schedulingInputsChanged(old, pod)) {
                queue.update(pod);
            } else {
                queue.add(pod); // status-only change (such as our own condition): keep the newer object
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            String uid = pod.getMetadata().getUid();
            queue.delete(uid);
            if (cache.isKnown(uid) && !cache.isAssumed(uid)) {
                cache.removePod(uid);
                queue.moveAllToActiveOrBackoff();
            }
        }

        private boolean wantsScheduling(Pod pod) {
            return isResponsibleFor(pod) && pod.getMetadata().getDeletionTimestamp() == null && !SchedulerCache.isTerminal(pod);
        }

        private boolean schedulingInputsChanged(Pod old, Pod pod) {
            return !Objects.equals(old.getSpec(), pod.getSpec())
                    || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                    || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations());
        }
    }

    /** Nodes: any change that could let a parked pod fit moves the parked pods back. */
    private final class NodeHandler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            cache.upsertNode(node);
            queue.moveAllToActiveOrBackoff();
        }

        @Override
        public void onUpdate(Node old, Node node) {
            cache.upsertNode(node);
            if (couldHelp(old, node)) {
                queue.moveAllToActiveOrBackoff();
            }
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            cache.removeNode(node.getMetadata().getName());
        }

        private boolean couldHelp(Node old, Node node) {
            return !Objects.equals(allocatable(old), allocatable(node))
                    || !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                    || !Objects.equals(old.getSpec(), node.getSpec())
                    || !Objects.equals(readyStatus(old), readyStatus(node));
        }

        private Object allocatable(Node node) {
            return node.getStatus() == null ? null : node.getStatus().getAllocatable();
        }

        private String readyStatus(Node node) {
            if (node.getStatus() != null) {
                for (NodeCondition condition : node.getStatus().getConditions()) {
                    if ("Ready".equals(condition.getType())) {
                        return condition.getStatus();
                    }
                }
            }
            return null;
        }
    }

    /** Pods waiting: active, backing off, parked as unschedulable. For tests and the benchmark. */
    public int[] queueCounts() {
        return new int[] {queue.activeCount(), queue.backoffCount(), queue.unschedulableCount()};
    }

    @Override
    public void close() {
        closed = true;
        pods.removeEventHandler(podHandler);
        nodes.removeEventHandler(nodeHandler);
        queue.close();
        housekeeping.shutdownNow();
        loop.interrupt();
        try {
            loop.join(5000);
            binder.drain(settings.maxInFlightBindings(), 5000);
            writer.drain(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        LOG.info("Scheduler {} stopped", settings.schedulerName());
    }
}
