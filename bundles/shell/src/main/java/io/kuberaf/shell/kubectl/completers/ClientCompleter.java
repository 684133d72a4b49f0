package io.kuberaf.shell.kubectl.completers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.shell.kubectl.Api;
import io.kuberaf.shell.kubectl.KubectlException;
import io.kuberaf.shell.kubectl.ResourceType;
import io.kuberaf.shell.kubectl.ResourceTypes;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.ArgumentCommandLine;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the kubectl completers share: the client, the words typed so far, quiet failure. */
abstract class ClientCompleter implements Completer {

    /** Options whose value is the next word (so it is not a positional argument). */
    private static final Set<String> VALUE_OPTIONS = Set.of("-n", "--namespace", "-o", "--output", "-l", "--selector",
            "--field-selector", "-f", "--filename", "-c", "--container", "--replicas", "--image", "--port",
            "--target-port", "--type", "--name", "--to-revision", "--tail", "--since", "--cascade", "--timeout");

    @Reference
    KubernetesClient client;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (commandLine instanceof ArgumentCommandLine) {
            // Karaf re-checks earlier words one by one without their context: accept them as typed.
            candidates.add(commandLine.getCursorArgument());
            return 0;
        }
        List<String> words = new ArrayList<>();
        try {
            words.addAll(candidates(positionals(commandLine), new Api(client)));
        } catch (KubectlException | io.fabric8.kubernetes.client.KubernetesClientException e) {
            return -1; // no server: nothing to offer, and no noise on the console
        }
        return new StringsCompleter(words).complete(session, commandLine, candidates);
    }

    /** The candidates for the word under the cursor, given the positional words before it. */
    abstract List<String> candidates(List<String> before, Api api);

    /** The positional words before the cursor (without the command name and options). */
    static List<String> positionals(CommandLine commandLine) {
        String[] arguments = commandLine.getArguments();
        List<String> positionals = new ArrayList<>();
        for (int i = 1; i < commandLine.getCursorArgumentIndex() && i < arguments.length; i++) {
            String word = arguments[i];
            if (VALUE_OPTIONS.contains(word)) {
                i++;
            } else if (!word.startsWith("-")) {
                positionals.add(word);
            }
        }
        return positionals;
    }

    /** The value given to -n/--namespace on the line, if any. */
    static String namespaceOption(CommandLine commandLine) {
        String[] arguments = commandLine.getArguments();
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals("-n") || arguments[i].equals("--namespace")) {
                return arguments[i + 1];
            }
        }
        return null;
    }

    static List<String> typeNames(ResourceTypes types) {
        List<String> names = new ArrayList<>();
        for (ResourceType type : types.all()) {
            names.add(type.name());
            names.addAll(type.shortNames());
            if (!type.group().isEmpty()) {
                names.add(type.nameWithGroup());
            }
        }
        return names;
    }
}
