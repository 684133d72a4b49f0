package io.kuberaf.shell.kubectl;

import io.kuberaf.shell.kubectl.print.TabWriter;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code kubectl:api-resources}: the resource types the server offers, as kubectl lists them. */
@Service
@Command(scope = "kubectl", name = "api-resources", description = "Print the supported API resources on the server")
public class ApiResourcesCommand extends KubectlCommand {

    @Option(name = "--namespaced", description = "Only namespaced (true) or cluster-scoped (false) resources")
    String namespaced;

    @Option(name = "-o", aliases = "--output", description = "wide or name")
    String output = "";

    @Override
    protected void run() {
        List<ResourceType> types = new ArrayList<>(types().all());
        if (namespaced != null) {
            types.removeIf(type -> type.namespaced() != Boolean.parseBoolean(namespaced));
        }
        types.sort(Comparator.comparing(ResourceType::group).thenComparing(ResourceType::name));
        if (output.equals("name")) {
            types.forEach(type -> out.println(type.nameWithGroup()));
            return;
        }
        boolean wide = output.equals("wide");
        TabWriter table = TabWriter.forTables();
        table.write("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND" + (wide ? "\tVERBS\tCATEGORIES" : "") + "\n");
        for (ResourceType type : types) {
            table.write(type.name() + "\t" + String.join(",", type.shortNames()) + "\t" + type.apiVersion() + "\t" + type.namespaced() + "\t" + type.kind()
                    + (wide ? "\t" + type.verbs() .toString().replace(", ", " ") + "\t" + String.join(",", type.categories()) : "") + "\n");
        }
        out.print(table.flush());
    }
}
