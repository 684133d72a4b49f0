package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** label and annotate: {@code TYPE NAME key=value key-}, one merge patch of metadata per object. */
abstract class MetadataCommand extends KubectlCommand {

    @Option(name = "--overwrite", description = "Replace values that are already set")
    boolean overwrite;

    @Option(name = "-l", aliases = "--selector", description = "Change the objects matching this label selector")
    String selector;

    @Option(name = "--all", description = "Change every object of the type in the namespace")
    boolean all;

    abstract List<String> arguments();

    /** "labels" or "annotations". */
    abstract String field();

    /** "labeled" or "annotated". */
    abstract String verb();

    @Override
    protected void run() {
        List<String> targets = new ArrayList<>();
        Map<String, String> changes = new TreeMap<>();
        for (String arg : arguments()) {
            if (arg.endsWith("-") && !arg.contains("=")) {
                changes.put(arg.substring(0, arg.length() - 1), null);
            } else if (arg.contains("=")) {
                changes.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                targets.add(arg);
            }
        }
        if (changes.isEmpty()) {
            throw KubectlException.error("at least one %s update is required", field().equals("labels") ? "label" : "annotation");
        }
        for (ObjectRef ref : ObjectRef.parse(targets, types())) {
            List<String> names = new ArrayList<>(ref.names());
            if (names.isEmpty() && (selector != null || all)) {
                String path = ref.type().path(namespace()) + (selector == null ? "" : "?labelSelector=" + Api.encode(selector));
                api.get(path).path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
            }
            for (String name : names) {
                change(ref.type(), name, changes);
            }
        }
    }

    private void change(ResourceType type, String name, Map<String, String> changes) {
        String path = type.path(namespace(), name);
        JsonNode current = api.get(path).path("metadata").path(field());
        ObjectNode patch = Api.object();
        ObjectNode values = patch.putObject("metadata").putObject(field());
        for (Map.Entry<String, String> change : changes.entrySet()) {
            JsonNode old = current.path(change.getKey());
            if (change.getValue() != null && !old.isMissingNode() && !overwrite && !old.asText().equals(change.getValue())) {
                throw KubectlException.error("'%s' already has a value (%s), and --overwrite is false", change.getKey(), old.asText());
            }
            if (change.getValue() == null) {
                values.putNull(change.getKey());
            } else {
                values.put(change.getKey(), change.getValue());
            }
        }
        api.patch(path, Api.MERGE_PATCH, patch.toString());
        out.println(type.kindWithGroup() + "/" + name + " " + verb());
    }
}
