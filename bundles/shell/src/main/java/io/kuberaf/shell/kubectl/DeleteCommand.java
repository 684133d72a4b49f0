package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:delete}: by TYPE NAME, TYPE/NAME, -f, -l or --all; --cascade as kubectl. */
@Service
@Command(scope = "kubectl", name = "delete", description = "Delete resources by names, files (-f) or label selector (-l)")
public class DeleteCommand extends ManifestCommand {

    @Argument(index = 0, name = "resources", description = "TYPE NAME... or TYPE/NAME ...", multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "-l", aliases = "--selector", description = "Delete the objects matching this label selector")
    String selector;

    @Option(name = "--all", description = "Delete every object of the type in the namespace")
    boolean all;

    @Option(name = "--cascade", description = "background (default), foreground or orphan")
    String cascade = "background";

    @Option(name = "--ignore-not-found", description = "No error for objects that do not exist")
    boolean ignoreNotFound;

    @Override
    protected void run() {
        JsonNode options = deleteOptions();
        if (!filenames.isEmpty()) {
            for (Manifests.Manifest manifest : Manifests.read(filenames, recursive)) {
                ObjectNode object = manifest.object();
                ResourceType type = typeOf(object);
                delete(type, namespaceOf(type, object), object.path("metadata").path("name").asText(), options);
            }
            return;
        }
        if (args.isEmpty()) {
            throw KubectlException.error("You must provide one or more resources by argument or filename.");
        }
        boolean deletedAny = false;
        for (ObjectRef ref : ObjectRef.parse(args, types())) {
            if (!ref.names().isEmpty()) {
                ref.names().forEach(name -> delete(ref.type(), namespace(), name, options));
                deletedAny = true;
            } else if (selector != null || all) {
                String path = ref.type().path(namespace()) + (selector == null ? "" : "?labelSelector=" + Api.encode(selector));
                for (JsonNode item : api.get(path).path("items")) {
                    delete(ref.type(), namespace(), item.path("metadata").path("name").asText(), options);
                    deletedAny = true;
                }
            } else {
                throw KubectlException.error("resource(s) were provided, but no name was specified");
            }
        }
        if (!deletedAny) {
            err.println("No resources found");
        }
    }

    private JsonNode deleteOptions() {
        String policy;
        switch (cascade) {
            case "background": case "true": policy = "Background"; break;
            case "foreground": policy = "Foreground"; break;
            case "orphan": case "false": policy = "Orphan"; break;
            default: throw KubectlException.error("invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", cascade);
        }
        ObjectNode options = Api.object();
        options.put("kind", "DeleteOptions").put("apiVersion", "v1").put("propagationPolicy", policy);
        return options;
    }

    private void delete(ResourceType type, String ns, String name, JsonNode options) {
        try {
            api.delete(type.path(ns, name), options);
            out.println(type.kindWithGroup() + " \"" + name + "\" deleted");
        } catch (ApiException e) {
            if (!(e.isNotFound() && ignoreNotFound)) {
                err.println(e.getMessage());
            }
        }
    }
}
