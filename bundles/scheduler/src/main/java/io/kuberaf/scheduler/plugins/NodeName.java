package io.kuberaf.scheduler.plugins;

import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.PodInfo;
import io.kuberaf.scheduler.spi.Status;

/** A pod that names a node (spec.nodeName) fits that node only. */
public final class NodeName implements FilterPlugin {

    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        String wanted = pod.pod().getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.name()) ? Status.SUCCESS : Status.unresolvable(REASON);
    }
}
