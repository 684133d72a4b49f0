package io.kuberaf.shell.kubectl;

import java.util.List;

/** One resource of the API as discovery describes it (pods, deployments.apps, ...). */
public record ResourceType(String group, String version, String name, String singularName, String kind,
                           boolean namespaced, List<String> shortNames, List<String> verbs, List<String> categories) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** How kubectl names the kind in {@code kind/name}: {@code pod}, {@code deployment.apps}. */
    public String kindWithGroup() {
        String lower = kind.toLowerCase();
        return group.isEmpty() ? lower : lower + "." + group;
    }

    /** How kubectl names the resource in messages: {@code pods}, {@code deployments.apps}. */
    public String nameWithGroup() {
        return group.isEmpty() ? name : name + "." + group;
    }

    /** The URL path of the collection (namespace null: all namespaces or cluster scope). */
    public String path(String namespace) {
        StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespaced && namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(name).toString();
    }

    public String path(String namespace, String objectName) {
        return path(namespace) + "/" + objectName;
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }
}
