package io.kuberaf.apiserver.discovery;

import java.util.List;

/**
 * One served resource: what discovery advertises and what the apiserver routes and stores.
 *
 * @param group        API group, "" for the core group
 * @param version      e.g. "v1"
 * @param kind         e.g. "Pod"
 * @param plural       the resource name in URLs, e.g. "pods"
 * @param singular     e.g. "pod"
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   e.g. ["po"]
 * @param verbs        the verbs on the resource itself
 * @param categories   e.g. ["all"]
 * @param subresources the subresources (status, scale, binding, ...)
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> verbs, List<String> categories,
                           List<Subresource> subresources) {

    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** "v1" or "apps/v1". */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** "pods" or "deployments.apps", as kubectl and error messages name a resource. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Store keys of this resource start with this: {@code /registry/<group>/<plural>/}. */
    public String keyPrefix() {
        return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + plural + "/";
    }

    public String key(String namespace, String name) {
        return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
    }

    /** Prefix of a namespace's objects, or of all objects when {@code namespace} is null. */
    public String collectionPrefix(String namespace) {
        return namespaced && namespace != null ? keyPrefix() + namespace + "/" : keyPrefix();
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    public Subresource subresource(String name) {
        return subresources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A subresource such as {@code pods/status} or {@code deployments/scale}.
     *
     * @param kind  the kind of the subresource's body (the parent kind for status, Scale for scale)
     * @param group the group of that kind ("autoscaling" for Scale)
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {
    }
}
