package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl:exec POD [-c C] [-i] -- COMMAND ARGS}: the apiserver's pods/exec over WebSocket
 * (fabric8's exec); output and errors are copied to the session, -i passes the session's input.
 */
@Service
@Command(scope = "kubectl", name = "exec", description = "Execute a command in a container")
public class ExecCommand extends KubectlCommand {

    @Argument(index = 0, name = "pod", description = "POD or pod/POD", required = true)
    @Completion(ResourceCompleter.class)
    String pod;

    @Argument(index = 1, name = "command", description = "The command and its arguments (after --)", required = true, multiValued = true)
    List<String> command = new ArrayList<>();

    @Option(name = "-c", aliases = "--container", description = "The container (default: the first)")
    String container;

    @Option(name = "-i", aliases = "--stdin", description = "Pass the session's input to the command")
    boolean stdin;

    @Override
    protected void run() throws Exception {
        String name = pod.startsWith("pod/") ? pod.substring(4) : pod;
        List<String> argv = new ArrayList<>(command);
        if (!argv.isEmpty() && argv.get(0).equals("--")) {
            argv.remove(0);
        }
        if (argv.isEmpty()) {
            throw KubectlException.error("you must specify at least one command for the container");
        }
        PodResource resource = client.pods().inNamespace(namespace()).withName(name);
        if (resource.get() == null) {
            throw new KubectlException("Error from server (NotFound): pods \"" + name + "\" not found");
        }
        var target = container == null ? resource : resource.inContainer(container);
        var streams = stdin ? target.readingInput(System.in).writingOutput(out).writingError(err)
                : target.writingOutput(out).writingError(err);
        try (ExecWatch exec = streams.exec(argv.toArray(String[]::new))) {
            Integer code = exec.exitCode().get(24, TimeUnit.HOURS);
            if (code != null && code != 0) {
                err.println("command terminated with exit code " + code);
            }
        }
    }
}
