package io.kuberaf.shell.kubectl;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kubectl:cluster-info}: where the control plane answers. */
@Service
@Command(scope = "kubectl", name = "cluster-info", description = "Display the address of the control plane")
public class ClusterInfoCommand extends KubectlCommand {

    private static final String GREEN = "\u001b[0;32m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String RESET = "\u001b[0m";

    @Override
    protected void run() {
        api.get("/version");
        out.printf("%sKubernetes control plane%s is running at %s%s%s%n", GREEN, RESET, YELLOW, api.baseUrl(), RESET);
        out.println();
        out.println("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    }
}
