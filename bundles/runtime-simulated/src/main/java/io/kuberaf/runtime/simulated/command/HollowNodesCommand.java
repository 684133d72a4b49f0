package io.kuberaf.runtime.simulated.command;

import io.kuberaf.kubelet.spi.RunningKubelet;
import io.kuberaf.runtime.simulated.HollowNodes;
import io.kuberaf.runtime.simulated.HollowNodesComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** {@code kuberaf:hollow-nodes add|remove|list}: simulated nodes for scale tests. */
@Service
@Command(scope = "kuberaf", name = "hollow-nodes",
        description = "Adds, removes or lists hollow nodes: kubelets with a simulated runtime, in this JVM")
public class HollowNodesCommand implements Action {

    @Argument(index = 0, name = "action", required = true, description = "add <n>, remove <n>|--all, or list")
    @Completion(value = StringsCompleter.class, values = {"add", "remove", "list"})
    String action;

    @Argument(index = 1, name = "count", description = "How many nodes to add or remove")
    Integer count;

    @Option(name = "--prefix", description = "Name prefix of added nodes (default hollow-)")
    String prefix = HollowNodes.DEFAULT_PREFIX;

    @Option(name = "--all", description = "With remove: every hollow node")
    boolean all;

    @Reference
    HollowNodesComponent component;

    @Override
    public Object execute() {
        HollowNodes nodes = component.hollowNodes();
        switch (action) {
            case "add" -> {
                List<String> added = nodes.add(requireCount(), prefix);
                System.out.println("Added " + added.size() + " hollow nodes"
                        + (added.isEmpty() ? "" : ": " + added.get(0) + " .. " + added.get(added.size() - 1)));
            }
            case "remove" -> {
                List<String> removed = all ? nodes.removeAll() : nodes.remove(requireCount());
                System.out.println("Removed " + removed.size() + " hollow nodes");
            }
            case "list" -> {
                List<RunningKubelet> running = nodes.list();
                System.out.printf("%-24s %s%n", "NODE", "PODS");
                running.forEach(k -> System.out.printf("%-24s %d%n", k.nodeName(), k.podCount()));
                System.out.println(running.size() + " hollow nodes");
            }
            default -> throw new IllegalArgumentException("unknown action " + action + "; use add, remove or list");
        }
        return null;
    }

    private int requireCount() {
        if (count == null || count < 1) {
            throw new IllegalArgumentException("give how many nodes, e.g. kuberaf:hollow-nodes " + action + " 10");
        }
        return count;
    }
}
