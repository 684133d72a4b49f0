package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The namespaced resources the API serves, read from discovery on every use so that custom resources
 * and vendor kinds are included: the core group and the preferred version of every other group.
 * A group whose discovery fails is reported, and the others are still returned.
 */
record Discovery(List<Resource> resources, List<String> failedGroups) {

    /** One namespaced resource that can be listed and deleted. */
    record Resource(String group, String version, String plural, String kind, boolean deleteCollection) {

        ResourceDefinitionContext context() {
            return new ResourceDefinitionContext.Builder()
                    .withGroup(group).withVersion(version).withPlural(plural).withKind(kind).withNamespaced(true)
                    .build();
        }

        /** As Kubernetes names a resource in messages: {@code pods.} or {@code deployments.apps}. */
        String qualifiedName() {
            return plural + "." + group;
        }
    }

    static Discovery of(KubernetesClient client) {
        List<Resource> resources = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        collect(client, "", "v1", resources, failed);
        for (APIGroup group : client.getApiGroups().getGroups()) {
            String version = group.getPreferredVersion() != null ? group.getPreferredVersion().getVersion()
                    : group.getVersions().get(0).getVersion();
            collect(client, group.getName(), version, resources, failed);
        }
        return new Discovery(List.copyOf(resources), List.copyOf(failed));
    }

    private static void collect(KubernetesClient client, String group, String version, List<Resource> resources,
                                List<String> failed) {
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        APIResourceList list;
        try {
            list = client.getApiResources(groupVersion);
        } catch (RuntimeException e) {
            failed.add(groupVersion + ": " + e.getMessage());
            return;
        }
        if (list == null) {
            failed.add(groupVersion + ": the server could not find the requested resource");
            return;
        }
        for (APIResource resource : list.getResources()) {
            List<String> verbs = resource.getVerbs();
            if (Boolean.TRUE.equals(resource.getNamespaced()) && !resource.getName().contains("/")
                    && verbs.contains("list") && verbs.contains("delete")) {
                resources.add(new Resource(group, version, resource.getName(), resource.getKind(),
                        verbs.contains("deletecollection")));
            }
        }
    }
}
