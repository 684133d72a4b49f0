package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Resources;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One node in the scheduler cache: changed only under the cache's lock. */
public final class NodeState implements NodeInfo {

    private final String name;
    private Node node;
    private Resources allocatable = Resources.NONE;
    private final Map<String, PodInfo> pods = new LinkedHashMap<>();
    private final Map<String, PodInfo> podsWithRequiredAntiAffinity = new LinkedHashMap<>();
    private Resources requested = Resources.NONE;
    private Resources nonZeroRequested = Resources.NONE;

    public NodeState(String name) {
        this.name = name;
    }

    public void setNode(Node node) {
        this.node = node;
        this.allocatable = node == null || node.getStatus() == null ? Resources.NONE
                : ResourceLists.of(node.getStatus().getAllocatable());
    }

    public void addPod(PodInfo pod) {
        String uid = pod.pod().getMetadata().getUid();
        PodInfo previous = pods.put(uid, pod);
        if (previous != null) {
            subtract(previous);
        }
        if (pod.hasRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity.put(uid, pod);
        } else {
            podsWithRequiredAntiAffinity.remove(uid);
        }
        requested = requested.plus(pod.requests());
        nonZeroRequested = nonZeroRequested.plus(pod.nonZeroRequests());
    }

    public void removePod(String uid) {
        PodInfo removed = pods.remove(uid);
        podsWithRequiredAntiAffinity.remove(uid);
        if (removed != null) {
            subtract(removed);
        }
    }

    private void subtract(PodInfo pod) {
        requested = requested.minus(pod.requests());
        nonZeroRequested = nonZeroRequested.minus(pod.nonZeroRequests());
    }

    /** A node object the informer has not shown yet, or was deleted, while pods still point at it. */
    public boolean hasNode() {
        return node != null;
    }

    public boolean isEmpty() {
        return pods.isEmpty();
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Collection<PodInfo> pods() {
        return Collections.unmodifiableCollection(pods.values());
    }

    @Override
    public Collection<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableCollection(podsWithRequiredAntiAffinity.values());
    }

    @Override
    public Resources allocatable() {
        return allocatable;
    }

    @Override
    public Resources requested() {
        return requested;
    }

    @Override
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    @Override
    public String toString() {
        return name;
    }
}
