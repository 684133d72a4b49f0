package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code kubectl:set image TYPE/NAME container=image ...}; '*' means every container. */
@Service
@Command(scope = "kubectl", name = "set", description = "Set a feature of objects: image (kubectl set image)")
public class SetCommand extends KubectlCommand {

    @Argument(index = 0, name = "args", description = "image TYPE NAME|TYPE/NAME CONTAINER=IMAGE ...", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Override
    protected void run() {
        if (!args.get(0).equals("image")) {
            throw KubectlException.error("unknown command \"%s\" for \"kubectl set\" (this shell sets: image)", args.get(0));
        }
        List<String> targets = new ArrayList<>();
        Map<String, String> images = new TreeMap<>();
        for (String arg : args.subList(1, args.size())) {
            if (arg.contains("=")) {
                images.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                targets.add(arg);
            }
        }
        if (images.isEmpty()) {
            throw KubectlException.error("at least one image update is required");
        }
        for (ObjectRef ref : ObjectRef.parse(targets, types())) {
            for (String name : ref.names()) {
                String path = ref.type().path(namespace(), name);
                ObjectNode object = (ObjectNode) api.get(path);
                JsonNode spec = ref.type().kind().equals("Pod") ? object.path("spec") : object.path("spec").path("template").path("spec");
                boolean changed = false;
                for (String list : new String[] {"initContainers", "containers"}) {
                    for (JsonNode container : spec.path(list)) {
                        String image = images.getOrDefault(container.path("name").asText(), images.get("*"));
                        if (image != null) {
                            ((ObjectNode) container).put("image", image);
                            changed = true;
                        }
                    }
                }
                for (String container : images.keySet()) {
                    if (!container.equals("*") && !hasContainer(spec, container)) {
                        throw KubectlException.error("unable to find container named \"%s\"", container);
                    }
                }
                if (changed) {
                    api.put(path, object);
                    out.println(ref.type().kindWithGroup() + "/" + name + " image updated");
                }
            }
        }
    }

    private static boolean hasContainer(JsonNode spec, String name) {
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode container : spec.path(list)) {
                if (container.path("name").asText().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
