package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kubectl:create -f}: creates each object of the manifests. */
@Service
@Command(scope = "kubectl", name = "create", description = "Create resources from files (-f)")
public class CreateCommand extends ManifestCommand {

    @Override
    protected void run() {
        if (filenames.isEmpty()) {
            throw KubectlException.error("must specify one of -f and -k");
        }
        for (Manifests.Manifest manifest : Manifests.read(filenames, recursive)) {
            ObjectNode object = manifest.object();
            ResourceType type = typeOf(object);
            String ns = namespaceOf(type, object);
            try {
                api.post(type.path(ns), object);
                out.println(type.kindWithGroup() + "/" + object.path("metadata").path("name").asText() + " created");
            } catch (ApiException e) {
                err.println(e.getMessage().replaceFirst("\\): ", "): error when creating \"" + manifest.source().replace("$", "\\$") + "\": "));
            }
        }
    }
}
