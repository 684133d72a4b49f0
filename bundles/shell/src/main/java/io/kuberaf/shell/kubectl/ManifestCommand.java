package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.FileCompleter;

import java.util.ArrayList;
import java.util.List;

/** Commands that read manifests with -f (create, apply, delete -f). */
abstract class ManifestCommand extends KubectlCommand {

    @Option(name = "-f", aliases = "--filename", description = "Files, folders or file: URLs of manifests", multiValued = true)
    @Completion(FileCompleter.class)
    List<String> filenames = new ArrayList<>();

    @Option(name = "-R", aliases = "--recursive", description = "Read folders recursively")
    boolean recursive;

    /** The type of a manifest's object, from its apiVersion and kind. */
    ResourceType typeOf(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        for (ResourceType type : types().all()) {
            if (type.apiVersion().equals(apiVersion) && type.kind().equals(kind)) {
                return type;
            }
        }
        throw KubectlException.error("resource mapping not found for name: \"%s\" namespace: \"%s\" from \"\": no matches for kind \"%s\" in version \"%s\"\n"
                + "ensure CRDs are installed first", object.path("metadata").path("name").asText(), object.path("metadata").path("namespace").asText(), kind, apiVersion);
    }

    /** The namespace an object goes to: its own, else -n, else the default; a conflict is kubectl's error. */
    String namespaceOf(ResourceType type, ObjectNode object) {
        if (!type.namespaced()) {
            return null;
        }
        String own = object.path("metadata").path("namespace").asText("");
        if (!own.isEmpty() && namespace != null && !namespace.equals(own)) {
            throw KubectlException.error("the namespace from the provided object \"%s\" does not match the namespace \"%s\". You must pass '--namespace=%s' to perform this operation.", own, namespace, own);
        }
        return own.isEmpty() ? namespace() : own;
    }
}
