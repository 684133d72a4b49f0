package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code kubectl:apply -f}: server-side apply (PATCH application/apply-patch+yaml, field manager
 * {@value #FIELD_MANAGER}, conflicts forced as client-side apply overwrites): the apiserver merges
 * with what it holds and drops the fields an earlier apply set and this one no longer does.
 * Prints kubectl's words: created when the object was absent, unchanged when the apply wrote
 * nothing (same resourceVersion), configured otherwise.
 */
@Service
@Command(scope = "kubectl", name = "apply", description = "Apply a configuration to resources from files (-f): server-side apply")
public class ApplyCommand extends ManifestCommand {

    static final String FIELD_MANAGER = "kubectl-karaf";

    @Override
    protected void run() {
        if (filenames.isEmpty()) {
            throw KubectlException.error("must specify one of -f and -k");
        }
        for (Manifests.Manifest manifest : Manifests.read(filenames, recursive)) {
            ObjectNode object = manifest.object();
            ResourceType type = typeOf(object);
            String name = object.path("metadata").path("name").asText();
            String path = type.path(namespaceOf(type, object), name);
            try {
                String before = resourceVersion(path);
                JsonNode applied = api.patch(path + "?fieldManager=" + FIELD_MANAGER + "&force=true", Api.APPLY_PATCH, object.toString());
                String after = applied.path("metadata").path("resourceVersion").asText();
                String outcome = before == null ? "created" : before.equals(after) ? "unchanged" : "configured";
                out.println(type.kindWithGroup() + "/" + name + " " + outcome);
            } catch (ApiException e) {
                err.println(e.getMessage().replaceFirst("\\): ", "): error when applying patch to \"" + manifest.source().replace("$", "\\$") + "\": "));
            }
        }
    }

    private String resourceVersion(String path) {
        try {
            return api.get(path).path("metadata").path("resourceVersion").asText();
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }
}
