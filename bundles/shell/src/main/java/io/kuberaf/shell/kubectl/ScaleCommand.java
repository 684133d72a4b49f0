package io.kuberaf.shell.kubectl;

import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:scale}: patches the scale subresource, as kubectl does. */
@Service
@Command(scope = "kubectl", name = "scale", description = "Set a new size for a replication controller, replica set, deployment or stateful set")
public class ScaleCommand extends KubectlCommand {

    @Argument(index = 0, name = "resources", description = "TYPE NAME or TYPE/NAME", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "--replicas", description = "The new number of replicas (required)")
    int replicas = -1;

    @Override
    protected void run() {
        if (replicas < 0) {
            throw KubectlException.error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        }
        for (ObjectRef ref : ObjectRef.parse(args, types())) {
            for (String name : ref.names()) {
                api.patch(ref.type().path(namespace(), name) + "/scale", Api.MERGE_PATCH, "{\"spec\":{\"replicas\":" + replicas + "}}");
                out.println(ref.type().kindWithGroup() + "/" + name + " scaled");
            }
        }
    }
}
