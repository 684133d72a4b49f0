package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kubectl:logs POD [-c CONTAINER] [-f] [--previous] [--tail N]}: the apiserver's pods/log, through fabric8. */
@Service
@Command(scope = "kubectl", name = "logs", description = "Print the logs of a container in a pod")
public class LogsCommand extends KubectlCommand {

    @Argument(index = 0, name = "pod", description = "POD or pod/POD", required = true)
    @Completion(ResourceCompleter.class)
    String pod;

    @Option(name = "-c", aliases = "--container", description = "The container (default: the pod's only or first container)")
    String container;

    @Option(name = "-f", aliases = "--follow", description = "Stream the logs until interrupted (Ctrl-C)")
    boolean follow;

    @Option(name = "-p", aliases = "--previous", description = "The previous instance of the container")
    boolean previous;

    @Option(name = "--tail", description = "Lines of recent log to show (-1: all)")
    int tail = -1;

    @Override
    protected void run() throws Exception {
        String name = pod.startsWith("pod/") ? pod.substring(4) : pod.startsWith("pods/") ? pod.substring(5) : pod;
        PodResource resource = client.pods().inNamespace(namespace()).withName(name);
        if (resource.get() == null) {
            throw new KubectlException("Error from server (NotFound): pods \"" + name + "\" not found");
        }
        TailPrettyLoggable logs = container == null ? resource : resource.inContainer(container);
        if (previous) {
            logs = container == null ? resource.terminated() : resource.inContainer(container).terminated();
        }
        if (tail >= 0) {
            logs = (TailPrettyLoggable) logs.tailingLines(tail);
        }
        if (!follow) {
            out.print(logs.getLog());
            return;
        }
        try (LogWatch watch = logs.watchLog(out)) {
            while (true) {
                Thread.sleep(1000);
            }
        }
    }
}
