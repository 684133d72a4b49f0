package io.kuberaf.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this controller last saw each node's kubelet alive, on the controller's own clock: the time it
 * observed a new Ready heartbeat or a later Lease renewTime (Kubernetes' probeTimestamp). Using our own
 * clock, not the timestamps' values, keeps a node with a skewed clock from being judged dead or alive
 * by mistake; the price is one more grace period for every node after the controller starts.
 */
final class NodeHealth {

    private record Observed(String heartbeat, Instant renewTime, Instant probe) {
    }

    private final Duration gracePeriod;
    private final Duration startupGracePeriod;
    private final Map<String, Observed> nodes = new ConcurrentHashMap<>();

    NodeHealth(Duration gracePeriod, Duration startupGracePeriod) {
        this.gracePeriod = gracePeriod;
        this.startupGracePeriod = startupGracePeriod;
    }

    /** Records what {@code node} and its {@code lease} (may be null) show now; true when its kubelet is overdue. */
    boolean overdue(Node node, Lease lease, Instant now) {
        NodeCondition ready = NodeConditions.find(node, NodeConditions.READY);
        String heartbeat = ready == null ? null : ready.getLastHeartbeatTime();
        Instant renewTime = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                ? null : lease.getSpec().getRenewTime().toInstant();
        Observed observed = nodes.compute(node.getMetadata().getName(), (name, saved) -> {
            Instant probe;
            if (saved == null) {
                Instant created = Times.parse(node.getMetadata().getCreationTimestamp());
                probe = ready == null && renewTime == null && created != null ? created : now;
            } else {
                probe = saved.probe;
                if (heartbeat != null && !Objects.equals(heartbeat, saved.heartbeat)) {
                    probe = now;
                }
                if (renewTime != null && (saved.renewTime == null || renewTime.isAfter(saved.renewTime))) {
                    probe = now;
                }
            }
            return new Observed(heartbeat, renewTime, probe);
        });
        Duration grace = ready == null ? startupGracePeriod : gracePeriod;
        return now.isAfter(observed.probe.plus(grace));
    }

    void forget(String nodeName) {
        nodes.remove(nodeName);
    }
}
