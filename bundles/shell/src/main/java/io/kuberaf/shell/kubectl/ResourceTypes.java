package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API's resource types, from discovery ({@code /api/v1}, {@code /apis}, each group's preferred
 * version), in the server's order, and how kubectl resolves what a user types: plural, singular,
 * short name or kind, optionally qualified by group ({@code deployments.apps}) or version and group.
 */
public final class ResourceTypes {

    private final List<ResourceType> types;

    ResourceTypes(List<ResourceType> types) {
        this.types = List.copyOf(types);
    }

    public static ResourceTypes discover(Api api) {
        List<ResourceType> types = new ArrayList<>();
        addResources(types, "", "v1", api.get("/api/v1"));
        for (JsonNode group : api.get("/apis").path("groups")) {
            String name = group.path("name").asText();
            String version = group.path("preferredVersion").path("version").asText();
            try {
                addResources(types, name, version, api.get("/apis/" + name + "/" + version));
            } catch (ApiException e) {
                // A group whose server is away (an aggregated API) must not hide the others, as in kubectl.
            }
        }
        return new ResourceTypes(types);
    }

    private static void addResources(List<ResourceType> types, String group, String version, JsonNode list) {
        for (JsonNode resource : list.path("resources")) {
            String name = resource.path("name").asText();
            if (name.contains("/")) {
                continue;
            }
            types.add(new ResourceType(group, version, name, resource.path("singularName").asText(""),
                    resource.path("kind").asText(), resource.path("namespaced").asBoolean(),
                    strings(resource.path("shortNames")), strings(resource.path("verbs")), strings(resource.path("categories"))));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    public List<ResourceType> all() {
        return types;
    }

    /** The type a user means by {@code text}, or kubectl's error for an unknown one. */
    public ResourceType resolve(String text) {
        return find(text).orElseThrow(() -> KubectlException.error("the server doesn't have a resource type \"%s\"", text));
    }

    public Optional<ResourceType> find(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String resource = lower;
        String qualifier = null;
        int dot = lower.indexOf('.');
        if (dot > 0) {
            resource = lower.substring(0, dot);
            qualifier = lower.substring(dot + 1);
        }
        Optional<ResourceType> found = match(resource, qualifier);
        if (found.isEmpty() && qualifier != null) {
            found = match(lower, null);
        }
        return found;
    }

    private Optional<ResourceType> match(String resource, String qualifier) {
        for (int pass = 0; pass < 4; pass++) {
            for (ResourceType type : types) {
                if (qualifier != null && !qualifies(type, qualifier)) {
                    continue;
                }
                if (matches(type, resource, pass)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean qualifies(ResourceType type, String qualifier) {
        return qualifier.equals(type.group()) || qualifier.equals(type.version() + "." + type.group())
                || (type.group().isEmpty() && qualifier.equals(type.version()));
    }

    private static boolean matches(ResourceType type, String resource, int pass) {
        switch (pass) {
            case 0: return type.name().equals(resource);
            case 1: return type.singularName().equals(resource) || (type.singularName().isEmpty() && type.kind().toLowerCase(Locale.ROOT).equals(resource));
            case 2: return type.shortNames().contains(resource);
            default: return type.kind().toLowerCase(Locale.ROOT).equals(resource);
        }
    }

    /** The types of a category ({@code all}), in discovery order. */
    public List<ResourceType> category(String category) {
        List<ResourceType> members = new ArrayList<>();
        for (ResourceType type : types) {
            if (type.categories().contains(category)) {
                members.add(type);
            }
        }
        return members;
    }
}
