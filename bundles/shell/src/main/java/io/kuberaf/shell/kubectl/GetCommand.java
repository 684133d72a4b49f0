package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.shell.kubectl.completers.ResourceCompleter;
import io.kuberaf.shell.kubectl.print.JsonPath;
import io.kuberaf.shell.kubectl.print.JsonPrinter;
import io.kuberaf.shell.kubectl.print.TablePrinter;
import io.kuberaf.shell.kubectl.print.TabWriter;
import io.kuberaf.shell.kubectl.print.YamlPrinter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl:get}: tables from the server, or yaml, json, name, jsonpath; -w watches. */
@Service
@Command(scope = "kubectl", name = "get", description = "Display one or many resources")
public class GetCommand extends KubectlCommand {

    @Argument(index = 0, name = "resources", description = "TYPE[,TYPE...] [NAME...] or TYPE/NAME ...", multiValued = true)
    @Completion(ResourceCompleter.class)
    List<String> args = new ArrayList<>();

    @Option(name = "-A", aliases = "--all-namespaces", description = "List the objects across all namespaces")
    boolean allNamespaces;

    @Option(name = "-o", aliases = "--output", description = "wide, yaml, json, name, jsonpath=TEMPLATE")
    String output = "";

    @Option(name = "-l", aliases = "--selector", description = "Label selector, e.g. app=mysql,tier!=web")
    String selector;

    @Option(name = "--field-selector", description = "Field selector, e.g. status.phase=Running")
    String fieldSelector;

    @Option(name = "-w", aliases = "--watch", description = "After listing, watch for changes")
    boolean watch;

    @Option(name = "--show-labels", description = "Show labels as the last column")
    boolean showLabels;

    @Option(name = "--no-headers", description = "No table headers")
    boolean noHeaders;

    @Override
    protected void run() throws Exception {
        if (args.isEmpty()) {
            throw new KubectlException("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n"
                    + "error: Required resource not specified.");
        }
        Output format = Output.parse(output);
        List<ObjectRef> refs = ObjectRef.parse(args, types());
        boolean severalKinds = ObjectRef.severalKinds(args, refs);
        if (watch && (refs.size() != 1)) {
            throw KubectlException.error("you may only specify a single resource type");
        }
        List<String> errors = new ArrayList<>();
        boolean anything;
        if (format.table()) {
            anything = printTables(refs, severalKinds, format, errors);
        } else {
            anything = printObjects(refs, format, errors);
        }
        errors.forEach(err::println);
        if (!anything && errors.isEmpty() && (format.table() || !watch)) {
            noResources(format);
        }
        if (watch) {
            watch(refs.get(0), format);
        }
    }

    private void noResources(Output format) {
        if (!format.table() && !format.kind.equals("name")) {
            return;
        }
        err.println(allNamespaces ? "No resources found" : "No resources found in " + namespace() + " namespace.");
    }

    private TablePrinter.Options tableOptions(boolean severalKinds, Output format, ResourceType type) {
        return new TablePrinter.Options(format.kind.equals("wide"), allNamespaces && type.namespaced(),
                severalKinds ? type.kindWithGroup() : null, showLabels, noHeaders);
    }

    private String listNamespace() {
        return allNamespaces ? null : namespace();
    }

    private boolean printTables(List<ObjectRef> refs, boolean severalKinds, Output format, List<String> errors) {
        TabWriter writer = TabWriter.forTables();
        boolean printed = false;
        for (ObjectRef ref : refs) {
            TablePrinter printer = new TablePrinter(tableOptions(severalKinds, format, ref.type()));
            List<JsonNode> tables = fetch(ref, true, errors);
            int rows = tables.stream().mapToInt(table -> table.path("rows").size()).sum();
            if (rows == 0) {
                continue;
            }
            if (printed && !noHeaders) {
                out.println();
            }
            tables.forEach(table -> printer.print(table, writer));
            out.print(writer.flush());
            printed = true;
        }
        return printed;
    }

    private boolean printObjects(List<ObjectRef> refs, Output format, List<String> errors) {
        List<JsonNode> objects = new ArrayList<>();
        for (ObjectRef ref : refs) {
            for (JsonNode result : fetch(ref, false, errors)) {
                if (result.has("items")) {
                    for (JsonNode item : result.path("items")) {
                        objects.add(withKind((ObjectNode) item, ref.type()));
                    }
                } else {
                    objects.add(withKind((ObjectNode) result, ref.type()));
                }
            }
        }
        boolean single = refs.size() == 1 && refs.get(0).names().size() == 1 && objects.size() == 1;
        if (format.kind.equals("name")) {
            for (JsonNode object : objects) {
                out.println(nameOf(object));
            }
            return !objects.isEmpty();
        }
        if (objects.isEmpty() && errors.isEmpty() && !single && !format.kind.startsWith("jsonpath")) {
            // kubectl prints an empty List for yaml/json when nothing matched.
            print(format, list(objects));
            return true;
        }
        if (objects.isEmpty()) {
            return false;
        }
        print(format, single ? objects.get(0) : list(objects));
        return true;
    }

    private void print(Output format, JsonNode document) {
        switch (format.kind) {
            case "yaml": out.print(YamlPrinter.print(document)); break;
            case "json": out.print(JsonPrinter.print(document)); break;
            default: out.print(JsonPath.parse(format.template).execute(document));
        }
    }

    private String nameOf(JsonNode object) {
        ResourceType type = types().find(object.path("kind").asText()).orElse(null);
        String kind = type == null ? object.path("kind").asText().toLowerCase() : type.kindWithGroup();
        return kind + "/" + object.path("metadata").path("name").asText();
    }

    private static ObjectNode withKind(ObjectNode object, ResourceType type) {
        ((ObjectNode) object.path("metadata")).remove("managedFields");
        if (!object.has("kind")) {
            object.put("kind", type.kind());
        }
        if (!object.has("apiVersion")) {
            object.put("apiVersion", type.apiVersion());
        }
        return object;
    }

    private static JsonNode list(List<JsonNode> objects) {
        ObjectNode list = Api.object();
        list.put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    /** Tables or objects of one reference: each named object, or the (paged) list. */
    private List<JsonNode> fetch(ObjectRef ref, boolean asTable, List<String> errors) {
        List<JsonNode> results = new ArrayList<>();
        ResourceType type = ref.type();
        if (!ref.names().isEmpty()) {
            for (String name : ref.names()) {
                try {
                    String path = type.path(namespace(), name);
                    results.add(asTable ? api.getTable(path) : api.get(path));
                } catch (ApiException e) {
                    errors.add(e.getMessage());
                }
            }
            return results;
        }
        String continueToken = null;
        do {
            StringBuilder path = new StringBuilder(type.path(listNamespace())).append("?limit=500");
            query(path);
            if (continueToken != null) {
                path.append("&continue=").append(Api.encode(continueToken));
            }
            JsonNode page = asTable ? api.getTable(path.toString()) : api.get(path.toString());
            results.add(page);
            continueToken = page.path("metadata").path("continue").asText("");
        } while (!continueToken.isEmpty());
        return results;
    }

    private void query(StringBuilder path) {
        if (selector != null) {
            path.append("&labelSelector=").append(Api.encode(selector));
        }
        if (fieldSelector != null) {
            path.append("&fieldSelector=").append(Api.encode(fieldSelector));
        }
    }

    private void watch(ObjectRef ref, Output format) throws InterruptedException {
        ResourceType type = ref.type();
        StringBuilder path = new StringBuilder(type.path(listNamespace())).append("?watch=1");
        query(path);
        if (ref.names().size() == 1) {
            path.append("&fieldSelector=").append(Api.encode("metadata.name=" + ref.names().get(0)));
        }
        JsonNode list = api.get(type.path(listNamespace()) + "?limit=1" + (selector == null ? "" : "&labelSelector=" + Api.encode(selector)));
        path.append("&resourceVersion=").append(list.path("metadata").path("resourceVersion").asText("0"));
        TabWriter writer = TabWriter.forTables().rememberWidths();
        TablePrinter printer = new TablePrinter(new TablePrinter.Options(format.kind.equals("wide"),
                allNamespaces && type.namespaced(), null, showLabels, true));
        try (Api.WatchStream events = api.watch(path.toString(), format.table() ? Api.TABLE : Api.JSON)) {
            JsonNode event;
            while ((event = events.next()) != null) {
                JsonNode object = event.path("object");
                if ("ERROR".equals(event.path("type").asText())) {
                    err.println("Error from server: " + object.path("message").asText());
                    return;
                }
                if (format.table()) {
                    printer.print(object, writer);
                    out.print(writer.flush());
                } else {
                    print(format, withKind((ObjectNode) object, type));
                }
                out.flush();
            }
        }
    }

    /** The -o value: table (default), wide, yaml, json, name, jsonpath=... */
    record Output(String kind, String template) {

        static Output parse(String output) {
            if (output == null || output.isEmpty()) {
                return new Output("", null);
            }
            int equals = output.indexOf('=');
            String kind = equals < 0 ? output : output.substring(0, equals);
            String template = equals < 0 ? null : output.substring(equals + 1);
            switch (kind) {
                case "wide": case "yaml": case "json": case "name":
                    return new Output(kind, null);
                case "jsonpath":
                    if (template == null || template.isEmpty()) {
                        throw KubectlException.error("template format specified but no template given");
                    }
                    return new Output(kind, stripQuotes(template));
                default:
                    throw KubectlException.error("unable to match a printer suitable for the output format \"%s\", allowed formats are: json,jsonpath,name,wide,yaml", output);
            }
        }

        private static String stripQuotes(String template) {
            if (template.length() >= 2 && (template.startsWith("'") && template.endsWith("'")
                    || template.startsWith("\"") && template.endsWith("\""))) {
                return template.substring(1, template.length() - 1);
            }
            return template;
        }

        boolean table() {
            return kind.isEmpty() || kind.equals("wide");
        }
    }
}
