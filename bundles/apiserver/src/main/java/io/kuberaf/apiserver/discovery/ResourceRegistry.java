package io.kuberaf.apiserver.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The resources this apiserver serves, by group/version/plural. Built-in types are registered at
 * start; extension bundles add and remove theirs while the server runs.
 */
public final class ResourceRegistry {

    private final List<ResourceType> types = new CopyOnWriteArrayList<>();

    public ResourceRegistry(Collection<ResourceType> initial) {
        types.addAll(initial);
    }

    public void add(ResourceType type) {
        types.removeIf(t -> sameResource(t, type));
        types.add(type);
    }

    public void remove(ResourceType type) {
        types.removeIf(t -> sameResource(t, type));
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    public Optional<ResourceType> findKind(String apiVersion, String kind) {
        return types.stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    public List<ResourceType> all() {
        return List.copyOf(types);
    }

    /** Group name to its versions, in registration order ("" is the core group). */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : types) {
            List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        return groups;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    private static boolean sameResource(ResourceType a, ResourceType b) {
        return a.group().equals(b.group()) && a.version().equals(b.version()) && a.plural().equals(b.plural());
    }
}
