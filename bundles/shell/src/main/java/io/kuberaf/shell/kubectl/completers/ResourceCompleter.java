package io.kuberaf.shell.kubectl.completers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.shell.kubectl.Api;
import io.kuberaf.shell.kubectl.ResourceType;
import io.kuberaf.shell.kubectl.ResourceTypes;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Completes {@code TYPE [NAME...]}: resource types from discovery (with short names) for the
 * first word, then the names of that type's objects in the namespace given with -n (or default).
 */
@Service
public class ResourceCompleter extends ClientCompleter {

    private String namespace;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        namespace = namespaceOption(commandLine);
        return super.complete(session, commandLine, candidates);
    }

    @Override
    List<String> candidates(List<String> before, Api api) {
        ResourceTypes types = ResourceTypes.discover(api);
        if (before.isEmpty()) {
            return typeNames(types);
        }
        String first = before.get(0);
        int comma = first.indexOf(',');
        Optional<ResourceType> type = types.find(comma < 0 ? first : first.substring(0, comma));
        return type.map(found -> names(api, found)).orElse(List.of());
    }

    private List<String> names(Api api, ResourceType type) {
        String ns = namespace != null ? namespace : api.client().getNamespace() != null ? api.client().getNamespace() : "default";
        List<String> names = new ArrayList<>();
        for (JsonNode item : api.get(type.path(ns) + "?limit=500").path("items")) {
            names.add(item.path("metadata").path("name").asText());
        }
        return names;
    }
}
