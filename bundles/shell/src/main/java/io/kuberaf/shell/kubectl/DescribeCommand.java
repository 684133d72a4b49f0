package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import io.kuberaf.shell.kubectl.describe.Describer;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:describe}: kubectl's describe output, objects separated by a blank line. */
@Service
@Command(scope = "kubectl", name = "describe", description = "Show details of a specific resource or group of resources")
public class DescribeCommand extends KubectlCommand {

    @Argument(index = 0, name = "resources", description = "TYPE [NAME_PREFIX...] or TYPE/NAME ...", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "-l", aliases = "--selector", description = "Label selector")
    String selector;

    @Option(name = "-A", aliases = "--all-namespaces", description = "Describe across all namespaces")
    boolean allNamespaces;

    /** kubectl ends each description found by name prefix with a blank line instead of separating them. */
    private boolean prefixMatched;

    @Override
    protected void run() {
        Describer describer = new Describer(api);
        List<String> errors = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        for (ObjectRef ref : ObjectRef.parse(args, types())) {
            for (JsonNode object : objects(ref, errors)) {
                descriptions.add(describer.describe(ref.type(), object));
            }
        }
        if (prefixMatched) {
            descriptions.forEach(description -> out.print(description + "\n"));
        } else {
            out.print(String.join("\n\n", descriptions));
        }
        errors.forEach(err::println);
        if (descriptions.isEmpty() && errors.isEmpty()) {
            err.println(allNamespaces ? "No resources found" : "No resources found in " + namespace() + " namespace.");
        }
    }

    /** kubectl describe TYPE NAME falls back to every object whose name starts with NAME. */
    private List<JsonNode> objects(ObjectRef ref, List<String> errors) {
        ResourceType type = ref.type();
        List<JsonNode> objects = new ArrayList<>();
        if (ref.names().isEmpty()) {
            String path = type.path(allNamespaces ? null : namespace()) + (selector == null ? "" : "?labelSelector=" + Api.encode(selector));
            for (JsonNode item : api.get(path).path("items")) {
                objects.add(withKind(item, type));
            }
            return objects;
        }
        for (String name : ref.names()) {
            try {
                objects.add(withKind(api.get(type.path(namespace(), name)), type));
            } catch (ApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                List<JsonNode> prefixed = new ArrayList<>();
                for (JsonNode item : api.get(type.path(namespace())).path("items")) {
                    if (item.path("metadata").path("name").asText().startsWith(name)) {
                        prefixed.add(withKind(item, type));
                    }
                }
                prefixMatched |= !prefixed.isEmpty();
                if (prefixed.isEmpty()) {
                    errors.add(e.getMessage());
                }
                objects.addAll(prefixed);
            }
        }
        return objects;
    }

    private static JsonNode withKind(JsonNode object, ResourceType type) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) object).put("kind", type.kind());
        return object;
    }
}
