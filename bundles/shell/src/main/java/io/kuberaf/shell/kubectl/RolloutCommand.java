package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import io.kuberaf.shell.kubectl.print.TabWriter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code kubectl:rollout status|history|undo|restart} for deployments. */
@Service
@Command(scope = "kubectl", name = "rollout", description = "Manage the rollout of a deployment: status, history, undo, restart")
public class RolloutCommand extends KubectlCommand {

    private static final String REVISION = "deployment.kubernetes.io/revision";

    @Argument(index = 0, name = "args", description = "status|history|undo|restart TYPE NAME|TYPE/NAME", required = true, multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "--to-revision", description = "undo: the revision to roll back to (default: the previous one)")
    long toRevision;

    @Option(name = "--timeout", description = "status: seconds to wait (0: forever)")
    long timeoutSeconds;

    @Override
    protected void run() throws Exception {
        String action = args.get(0);
        for (ObjectRef ref : ObjectRef.parse(args.subList(1, args.size()), types())) {
            if (!ref.type().kind().equals("Deployment")) {
                throw KubectlException.error("no %s rollout for %s (this shell rolls out deployments)", action, ref.type().nameWithGroup());
            }
            for (String name : ref.names()) {
                String path = ref.type().path(namespace(), name);
                switch (action) {
                    case "status": status(path, name); break;
                    case "history": history(ref.type(), name); break;
                    case "undo": undo(ref.type(), path, name); break;
                    case "restart": restart(ref.type(), path, name); break;
                    default: throw KubectlException.error("unknown command \"%s\" for \"kubectl rollout\"", action);
                }
            }
        }
    }

    private void status(String path, String name) throws InterruptedException {
        long deadline = timeoutSeconds > 0 ? System.currentTimeMillis() + timeoutSeconds * 1000 : Long.MAX_VALUE;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            JsonNode deployment = api.get(path);
            String message = progress(deployment, name);
            if (message == null) {
                out.printf("deployment \"%s\" successfully rolled out%n", name);
                return;
            }
            if (!message.equals(last)) {
                out.println(message);
                out.flush();
                last = message;
            }
            Thread.sleep(1000);
        }
        throw KubectlException.error("timed out waiting for the condition");
    }

    /** kubectl's DeploymentStatusViewer: what is still missing, or null when rolled out. */
    private static String progress(JsonNode deployment, String name) {
        JsonNode spec = deployment.path("spec");
        JsonNode status = deployment.path("status");
        if (deployment.path("metadata").path("generation").asLong() > status.path("observedGeneration").asLong()) {
            return "Waiting for deployment spec update to be observed...";
        }
        int replicas = spec.path("replicas").asInt(1);
        int updated = status.path("updatedReplicas").asInt();
        int total = status.path("replicas").asInt();
        int available = status.path("availableReplicas").asInt();
        if (updated < replicas) {
            return String.format("Waiting for deployment \"%s\" rollout to finish: %d out of %d new replicas have been updated...", name, updated, replicas);
        }
        if (total > updated) {
            return String.format("Waiting for deployment \"%s\" rollout to finish: %d old replicas are pending termination...", name, total - updated);
        }
        if (available < updated) {
            return String.format("Waiting for deployment \"%s\" rollout to finish: %d of %d updated replicas are available...", name, available, updated);
        }
        return null;
    }

    private List<JsonNode> replicaSets(ResourceType type, String name) {
        JsonNode deployment = api.get(type.path(namespace(), name));
        String uid = deployment.path("metadata").path("uid").asText();
        List<JsonNode> owned = new ArrayList<>();
        for (JsonNode rs : api.get("/apis/apps/v1/namespaces/" + namespace() + "/replicasets").path("items")) {
            for (JsonNode owner : rs.path("metadata").path("ownerReferences")) {
                if (uid.equals(owner.path("uid").asText())) {
                    owned.add(rs);
                }
            }
        }
        owned.sort(Comparator.comparingLong(RolloutCommand::revision));
        return owned;
    }

    private static long revision(JsonNode rs) {
        return rs.path("metadata").path("annotations").path(REVISION).asLong(0);
    }

    private void history(ResourceType type, String name) {
        TabWriter table = TabWriter.forTables();
        table.write("REVISION\tCHANGE-CAUSE\n");
        for (JsonNode rs : replicaSets(type, name)) {
            String cause = rs.path("metadata").path("annotations").path("kubernetes.io/change-cause").asText("<none>");
            table.write(revision(rs) + "\t" + cause + "\n");
        }
        out.println(type.kindWithGroup() + "/" + name + " ");
        out.println(table.flush());
    }

    private void undo(ResourceType type, String path, String name) {
        List<JsonNode> history = replicaSets(type, name);
        if (history.size() < 2 && toRevision == 0) {
            throw KubectlException.error("no rollout history found for deployment \"%s\"", name);
        }
        JsonNode target = null;
        long wanted = toRevision != 0 ? toRevision : revision(history.get(history.size() - 2));
        for (JsonNode rs : history) {
            if (revision(rs) == wanted) {
                target = rs;
            }
        }
        if (target == null) {
            throw KubectlException.error("unable to find specified revision %d in history", wanted);
        }
        ObjectNode template = target.path("spec").path("template").deepCopy();
        ((ObjectNode) template.path("metadata").path("labels")).remove("pod-template-hash");
        ObjectNode patch = Api.object();
        patch.putObject("spec").set("template", template);
        api.patch(path, Api.MERGE_PATCH, patch.toString());
        out.println(type.kindWithGroup() + "/" + name + " rolled back");
    }

    private void restart(ResourceType type, String path, String name) {
        String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"" + Instant.now() + "\"}}}}}";
        api.patch(path, Api.STRATEGIC_MERGE_PATCH, patch);
        out.println(type.kindWithGroup() + "/" + name + " restarted");
    }
}
