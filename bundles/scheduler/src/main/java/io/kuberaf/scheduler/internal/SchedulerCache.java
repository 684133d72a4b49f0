package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kuberaf.scheduler.spi.PodInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What every node holds: the pods the informer shows bound there plus the pods this scheduler assumed
 * there (binding sent, not yet seen). Assuming a pod right after deciding keeps a fast stream of pods from
 * overcommitting a node; the assumption ends when the informer shows the binding, when the binding fails
 * ({@link #forget}), or {@code assumedTtl} after the binding succeeded without the informer showing it.
 *
 * <p>All methods are synchronized; the scheduler holds the lock ({@link #lock()}) while it filters and
 * scores, so plugins see a consistent view.
 */
public final class SchedulerCache {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCache.class);

    private final Duration assumedTtl;
    private final LongSupplier clock;
    private final Map<String, NodeState> nodes = new HashMap<>();
    /** The nodes that exist (have a Node object), in a stable order for sampling. */
    private List<NodeState> nodeList = List.of();
    /** Where each known pod is (uid to node name), bound or assumed. */
    private final Map<String, String> podNodes = new HashMap<>();
    /** Assumed pods: uid to expiry (nanos), or Long.MAX_VALUE while the binding is in flight. */
    private final Map<String, Long> assumed = new HashMap<>();

    public SchedulerCache(Duration assumedTtl, LongSupplier clock) {
        this.assumedTtl = assumedTtl;
        this.clock = clock;
    }

    public Object lock() {
        return this;
    }

    public synchronized void upsertNode(Node node) {
        String name = node.getMetadata().getName();
        NodeState state = nodes.computeIfAbsent(name, NodeState::new);
        boolean added = !state.hasNode();
        state.setNode(node);
        if (added) {
            rebuildNodeList();
        }
    }

    public synchronized void removeNode(String name) {
        NodeState state = nodes.get(name);
        if (state == null) {
            return;
        }
        state.setNode(null);
        if (state.isEmpty()) {
            nodes.remove(name);
        }
        rebuildNodeList();
    }

    private void rebuildNodeList() {
        List<NodeState> list = new ArrayList<>();
        for (NodeState state : nodes.values()) {
            if (state.hasNode()) {
                list.add(state);
            }
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        nodeList = List.copyOf(list);
    }

    /** The existing nodes; call with the lock held and do not keep it past that. */
    public synchronized List<NodeState> nodes() {
        return nodeList;
    }

    public synchronized int nodeCount() {
        return nodeList.size();
    }

    /** The informer shows a pod bound to a node (or no longer running): confirm or move it. */
    public synchronized void upsertBoundPod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (isTerminal(pod)) {
            removePod(uid);
            return;
        }
        String node = pod.getSpec().getNodeName();
        String previous = podNodes.get(uid);
        if (assumed.remove(uid) != null && !node.equals(previous)) {
            LOG.warn("Pod {}/{} was assumed on node {} but is bound to {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), previous, node);
        }
        if (previous != null && !previous.equals(node)) {
            detach(uid, previous);
        }
        nodes.computeIfAbsent(node, NodeState::new).addPod(new PodInfoImpl(pod));
        podNodes.put(uid, node);
    }

    public synchronized void removePod(String uid) {
        assumed.remove(uid);
        String node = podNodes.remove(uid);
        if (node != null) {
            detach(uid, node);
        }
    }

    private void detach(String uid, String nodeName) {
        NodeState state = nodes.get(nodeName);
        if (state != null) {
            state.removePod(uid);
            if (!state.hasNode() && state.isEmpty()) {
                nodes.remove(nodeName);
            }
        }
    }

    /** The scheduler decided: count the pod on the node now, before the binding is done. */
    public synchronized void assume(PodInfo pod, String nodeName) {
        String uid = pod.pod().getMetadata().getUid();
        if (podNodes.containsKey(uid)) {
            throw new IllegalStateException("pod " + pod.key() + " is already on node " + podNodes.get(uid));
        }
        nodes.computeIfAbsent(nodeName, NodeState::new).addPod(pod);
        podNodes.put(uid, nodeName);
        assumed.put(uid, Long.MAX_VALUE);
    }

    /** The binding succeeded: the assumption now expires unless the informer confirms it in time. */
    public synchronized void finishBinding(String uid) {
        assumed.computeIfPresent(uid, (k, v) -> clock.getAsLong() + assumedTtl.toNanos());
    }

    /** The binding failed: the pod is not on that node. */
    public synchronized void forget(String uid) {
        if (assumed.remove(uid) != null) {
            String node = podNodes.remove(uid);
            if (node != null) {
                detach(uid, node);
            }
        }
    }

    /** Drops assumptions whose binding succeeded but never showed up; returns how many. */
    public synchronized int expireAssumed() {
        long now = clock.getAsLong();
        int expired = 0;
        for (Iterator<Map.Entry<String, Long>> it = assumed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() <= now) {
                it.remove();
                String node = podNodes.remove(entry.getKey());
                if (node != null) {
                    detach(entry.getKey(), node);
                }
                expired++;
                LOG.warn("Assumed pod {} expired: its binding to {} was never seen", entry.getKey(), node);
            }
        }
        return expired;
    }

    public synchronized boolean isKnown(String uid) {
        return podNodes.containsKey(uid);
    }

    public synchronized boolean isAssumed(String uid) {
        return assumed.containsKey(uid);
    }

    public synchronized NodeState node(String name) {
        return nodes.get(name);
    }

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
