package io.kuberaf.shell;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.shell.kubectl.print.TabWriter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;
import java.util.List;

/** {@code kuberaf:nodes}: each node with its readiness, container runtime and versions. */
@Service
@Command(scope = "kuberaf", name = "nodes", description = "Lists the nodes with their status, container runtime, kubelet and OS versions")
public class NodesCommand implements Action {

    @Reference
    KubernetesClient client;

    @Override
    public Object execute() {
        print(client.nodes().list().getItems(), System.out);
        return null;
    }

    static void print(List<Node> nodes, PrintStream out) {
        if (nodes.isEmpty()) {
            out.println("No nodes registered (is a kubelet running? feature:install kuberaf-node)");
            return;
        }
        TabWriter table = TabWriter.forTables();
        table.write("NAME\tSTATUS\tRUNTIME\tKUBELET\tOS\tKERNEL\tADDRESS\n");
        for (Node node : nodes) {
            NodeSystemInfo info = node.getStatus() == null || node.getStatus().getNodeInfo() == null ? new NodeSystemInfo() : node.getStatus().getNodeInfo();
            String address = node.getStatus() == null || node.getStatus().getAddresses().isEmpty() ? "<none>" : node.getStatus().getAddresses().get(0).getAddress();
            table.write(String.join("\t", node.getMetadata().getName(), ready(node), orNone(info.getContainerRuntimeVersion()),
                    orNone(info.getKubeletVersion()), orNone(info.getOsImage()), orNone(info.getKernelVersion()), address) + "\n");
        }
        out.print(table.flush());
    }

    private static String ready(Node node) {
        String status = "Unknown";
        if (node.getStatus() != null) {
            for (NodeCondition condition : node.getStatus().getConditions()) {
                if ("Ready".equals(condition.getType())) {
                    status = "True".equals(condition.getStatus()) ? "Ready" : "NotReady";
                }
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status += ",SchedulingDisabled";
        }
        return status;
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "<none>" : value;
    }
}
