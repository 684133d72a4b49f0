package io.kuberaf.apiserver.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kuberaf.apiserver.crd.CrdDefinitions;
import io.kuberaf.apiserver.crd.CustomKind;

/**
 * The resources this apiserver serves, by group/version/plural. Built-in types are registered at
 * start; extension bundles add and remove theirs while the server runs.
 */
public final class ResourceRegistry {

    private final List<ResourceType> types = new CopyOnWriteArrayList<>();
    private final Map<String, CustomKind> custom = new ConcurrentHashMap<>();

    public ResourceRegistry(Collection<ResourceType> initial) {
        types.addAll(initial);
    }

    public void add(ResourceType type) {
        types.removeIf(t -> sameResource(t, type));
        types.add(type);
    }

    /** Serves a version of a custom kind (a CRD's or a vendor bundle's). */
    public void add(CustomKind kind) {
        custom.put(key(kind.type()), kind);
        add(kind.type());
    }

    public void remove(ResourceType type) {
        types.removeIf(t -> sameResource(t, type));
        custom.remove(key(type));
    }

    /** The definition of a custom kind's version; empty for built-in types. */
    public Optional<CustomKind> custom(ResourceType type) {
        return Optional.ofNullable(custom.get(key(type)));
    }

    public List<CustomKind> customKinds() {
        return List.copyOf(custom.values());
    }

    private static String key(ResourceType type) {
        return type.group() + "/" + type.version() + "/" + type.plural();
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

    /** Group name to its versions, by Kubernetes' version priority ("" is the core group). */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : types) {
            List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        groups.values().forEach(versions -> versions.sort(CrdDefinitions::compareVersions)); // the preferred version first
        return groups;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    private static boolean sameResource(ResourceType a, ResourceType b) {
        return a.group().equals(b.group()) && a.version().equals(b.version()) && a.plural().equals(b.plural());
    }
}
