package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:run NAME --image=IMAGE [--port] [--labels] [--env] [--restart] [--command] [-- ARGS]}: one pod, labelled run=NAME. */
@Service
@Command(scope = "kubectl", name = "run", description = "Run a particular image in a pod")
public class RunCommand extends KubectlCommand {

    @Argument(index = 0, name = "name", required = true)
    String name;

    @Argument(index = 1, name = "args", description = "Arguments (or the command with --command)", multiValued = true)
    List<String> args = new ArrayList<>();

    @Option(name = "--image", required = true)
    String image;

    @Option(name = "--port")
    int port;

    @Option(name = "-l", aliases = "--labels", description = "key=value,... (default run=NAME)")
    String labels;

    @Option(name = "--env", multiValued = true)
    List<String> env = new ArrayList<>();

    @Option(name = "--restart", description = "Always, OnFailure or Never")
    String restart = "Always";

    @Option(name = "--image-pull-policy")
    String pullPolicy;

    @Option(name = "--command", description = "The arguments are the command, not its arguments")
    boolean asCommand;

    @Override
    protected void run() {
        ObjectNode pod = Api.object().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name);
        ObjectNode podLabels = metadata.putObject("labels");
        if (labels == null) {
            podLabels.put("run", name);
        } else {
            for (String pair : labels.split(",")) {
                podLabels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        ObjectNode spec = pod.putObject("spec").put("restartPolicy", restart);
        ObjectNode container = spec.putArray("containers").addObject().put("name", name).put("image", image);
        if (pullPolicy != null) {
            container.put("imagePullPolicy", pullPolicy);
        }
        List<String> rest = args.isEmpty() || !args.get(0).equals("--") ? args : args.subList(1, args.size());
        if (!rest.isEmpty()) {
            ArrayNode values = container.putArray(asCommand ? "command" : "args");
            rest.forEach(values::add);
        }
        if (port > 0) {
            container.putArray("ports").addObject().put("containerPort", port);
        }
        if (!env.isEmpty()) {
            ArrayNode variables = container.putArray("env");
            for (String pair : env) {
                variables.addObject().put("name", pair.substring(0, pair.indexOf('='))).put("value", pair.substring(pair.indexOf('=') + 1));
            }
        }
        api.post("/api/v1/namespaces/" + namespace() + "/pods", pod);
        out.println("pod/" + name + " created");
    }
}
