package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Status;

/**
 * No other pod on the node uses one of the pod's host ports (same protocol and port, and the same host IP
 * or either side listening on all addresses).
 */
public final class NodePorts implements FilterPlugin {

    static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (pod.hostPorts().isEmpty()) {
            return Status.SUCCESS;
        }
        for (PodInfo other : node.pods()) {
            for (ContainerPort used : other.hostPorts()) {
                for (ContainerPort wanted : pod.hostPorts()) {
                    if (conflict(used, wanted)) {
                        return Status.unschedulable(REASON);
                    }
                }
            }
        }
        return Status.SUCCESS;
    }

    static boolean conflict(ContainerPort a, ContainerPort b) {
        return a.getHostPort().equals(b.getHostPort())
                && protocol(a).equals(protocol(b))
                && (anyAddress(a) || anyAddress(b) || a.getHostIP().equals(b.getHostIP()));
    }

    private static String protocol(ContainerPort port) {
        return port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
    }

    private static boolean anyAddress(ContainerPort port) {
        return port.getHostIP() == null || port.getHostIP().isEmpty() || "0.0.0.0".equals(port.getHostIP());
    }
}
