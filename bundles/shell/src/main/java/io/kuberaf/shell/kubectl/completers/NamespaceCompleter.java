package io.kuberaf.shell.kubectl.completers;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.shell.kubectl.Api;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** Completes namespace names (for -n/--namespace). */
@Service
public class NamespaceCompleter extends ClientCompleter {

    @Override
    List<String> candidates(List<String> before, Api api) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : api.get("/api/v1/namespaces").path("items")) {
            names.add(item.path("metadata").path("name").asText());
        }
        return names;
    }
}
