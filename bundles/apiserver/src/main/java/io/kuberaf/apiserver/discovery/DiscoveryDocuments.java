package io.kuberaf.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.List;
import java.util.Map;

/** The discovery documents kubectl reads first: /version, /api, /apis, /api/v1, /apis/{group}/{version}. */
public final class DiscoveryDocuments {

    /** The Kubernetes version whose API Kuberaf serves. */
    public static final String KUBERNETES_MAJOR = "1";
    public static final String KUBERNETES_MINOR = "32";

    private final ResourceRegistry registry;
    private final String kuberafVersion;
    private final String serverAddress;

    public DiscoveryDocuments(ResourceRegistry registry, String kuberafVersion, String serverAddress) {
        this.registry = registry;
        this.kuberafVersion = kuberafVersion;
        this.serverAddress = serverAddress;
    }

    public ObjectNode version() {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("major", KUBERNETES_MAJOR);
        v.put("minor", KUBERNETES_MINOR);
        v.put("gitVersion", "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0-kuberaf." + kuberafVersion);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "kuberaf");
        v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return v;
    }

    public ObjectNode coreVersions() {
        ObjectNode api = Json.MAPPER.createObjectNode();
        api.put("kind", "APIVersions");
        api.putArray("versions").add("v1");
        ObjectNode address = api.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", serverAddress);
        return api;
    }

    public ObjectNode groups() {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (Map.Entry<String, List<String>> group : registry.groupVersions().entrySet()) {
            if (!group.getKey().isEmpty()) {
                groups.add(group(group.getKey(), group.getValue()));
            }
        }
        return list;
    }

    public ObjectNode group(String name, List<String> versions) {
        ObjectNode group = Json.MAPPER.createObjectNode();
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        group.put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String version : versions) {
            ObjectNode v = list.addObject();
            v.put("groupVersion", name + "/" + version);
            v.put("version", version);
        }
        ObjectNode preferred = group.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return group;
    }

    /** The APIResourceList of one group version, or null when nothing is served there. */
    public ObjectNode resources(String group, String version) {
        List<ResourceType> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType type : types) {
            ObjectNode r = resources.addObject();
            r.put("name", type.plural());
            r.put("singularName", type.singular());
            r.put("namespaced", type.namespaced());
            r.put("kind", type.kind());
            strings(r.putArray("verbs"), type.verbs());
            if (!type.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), type.shortNames());
            }
            if (!type.categories().isEmpty()) {
                strings(r.putArray("categories"), type.categories());
            }
            for (ResourceType.Subresource sub : type.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", type.plural() + "/" + sub.name());
                s.put("singularName", "");
                s.put("namespaced", type.namespaced());
                if (!sub.group().equals(group) || !sub.version().equals(version)) {
                    s.put("group", sub.group());
                    s.put("version", sub.version());
                }
                s.put("kind", sub.kind());
                strings(s.putArray("verbs"), sub.verbs());
            }
        }
        return list;
    }

    /** The versions served in a group, or null when the group is not served. */
    public List<String> groupVersions(String group) {
        return registry.groupVersions().get(group);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }
}
