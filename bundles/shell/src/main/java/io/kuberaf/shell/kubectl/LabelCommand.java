package io.kuberaf.shell.kubectl;

import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:label TYPE NAME key=value key-}. */
@Service
@Command(scope = "kubectl", name = "label", description = "Update the labels on a resource")
public class LabelCommand extends MetadataCommand {

    @Argument(index = 0, name = "args", description = "TYPE NAME KEY=VALUE ... KEY- ...", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Override
    List<String> arguments() {
        return args;
    }

    @Override
    String field() {
        return "labels";
    }

    @Override
    String verb() {
        return "labeled";
    }
}
