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

/** {@code kubectl:expose TYPE NAME --port=P [--target-port] [--type] [--name]}: a service selecting the object's pods. */
@Service
@Command(scope = "kubectl", name = "expose", description = "Expose a replication controller, service, deployment, replica set or pod as a new service")
public class ExposeCommand extends KubectlCommand {

    @Argument(index = 0, name = "resources", description = "TYPE NAME or TYPE/NAME", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "--port", description = "The service's port (default: the object's first port)")
    int port;

    @Option(name = "--target-port")
    String targetPort;

    @Option(name = "--type", description = "ClusterIP, NodePort, LoadBalancer")
    String type;

    @Option(name = "--name", description = "The service's name (default: the object's)")
    String serviceName;

    @Option(name = "--protocol")
    String protocol = "TCP";

    @Override
    protected void run() {
        for (ObjectRef ref : ObjectRef.parse(args, types())) {
            for (String name : ref.names()) {
                JsonNode object = api.get(ref.type().path(namespace(), name));
                ObjectNode service = Api.object().put("apiVersion", "v1").put("kind", "Service");
                ObjectNode metadata = service.putObject("metadata").put("name", serviceName == null ? name : serviceName);
                JsonNode labels = object.path("metadata").path("labels");
                if (labels.size() > 0) {
                    metadata.set("labels", labels);
                }
                ObjectNode spec = service.putObject("spec");
                spec.set("selector", selector(ref.type(), object));
                int servicePort = port > 0 ? port : firstPort(ref.type(), object);
                if (servicePort <= 0) {
                    throw KubectlException.error("couldn't find port via --port flag or introspection");
                }
                ObjectNode portSpec = spec.putArray("ports").addObject().put("port", servicePort).put("protocol", protocol);
                if (targetPort != null) {
                    if (targetPort.matches("\\d+")) {
                        portSpec.put("targetPort", Integer.parseInt(targetPort));
                    } else {
                        portSpec.put("targetPort", targetPort);
                    }
                }
                if (type != null) {
                    spec.put("type", type);
                }
                api.post("/api/v1/namespaces/" + namespace() + "/services", service);
                out.println("service/" + metadata.path("name").asText() + " exposed");
            }
        }
    }

    private static JsonNode selector(ResourceType type, JsonNode object) {
        switch (type.kind()) {
            case "Pod": return object.path("metadata").path("labels");
            case "ReplicationController": case "Service": return object.path("spec").path("selector");
            default:
                JsonNode selector = object.path("spec").path("selector");
                if (selector.has("matchExpressions")) {
                    throw KubectlException.error("couldn't convert expressions - \"%s\" to map-based selector format", selector.path("matchExpressions"));
                }
                return selector.path("matchLabels");
        }
    }

    private static int firstPort(ResourceType type, JsonNode object) {
        if (type.kind().equals("Service")) {
            return object.path("spec").path("ports").path(0).path("port").asInt();
        }
        JsonNode spec = type.kind().equals("Pod") ? object.path("spec") : object.path("spec").path("template").path("spec");
        return spec.path("containers").path(0).path("ports").path(0).path("containerPort").asInt();
    }
}
