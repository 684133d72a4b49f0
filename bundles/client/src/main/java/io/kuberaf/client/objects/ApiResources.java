package io.kuberaf.client.objects;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources the API serves, read from discovery so that custom resources and vendor kinds are
 * included: the core group's v1 and the preferred version of every other group, without subresources.
 * A group version whose discovery fails is listed in {@code failedGroups}, and the others are still returned.
 */
public record ApiResources(List<Resource> resources, List<String> failedGroups) {

    /** One resource (never a subresource such as {@code pods/status}) with the verbs it supports. */
    public record Resource(String group, String version, String plural, String kind, boolean namespaced,
                           List<String> verbs) {

        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        public boolean supports(String... wanted) {
            return verbs.containsAll(List.of(wanted));
        }

        public ResourceDefinitionContext context() {
            return new ResourceDefinitionContext.Builder()
                    .withGroup(group).withVersion(version).withPlural(plural).withKind(kind).withNamespaced(namespaced)
                    .build();
        }

        /** As Kubernetes names a resource in messages: {@code pods.} or {@code deployments.apps}. */
        public String qualifiedName() {
            return plural + "." + group;
        }
    }

    /** Asks the apiserver now (every call: what it serves changes as CRDs come and go). */
    public static ApiResources discover(KubernetesClient client) {
        List<Resource> resources = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        collect(client, "", "v1", resources, failed);
        for (APIGroup group : client.getApiGroups().getGroups()) {
            String version = group.getPreferredVersion() != null ? group.getPreferredVersion().getVersion()
                    : group.getVersions().get(0).getVersion();
            collect(client, group.getName(), version, resources, failed);
        }
        return new ApiResources(List.copyOf(resources), List.copyOf(failed));
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
            if (!resource.getName().contains("/")) {
                List<String> verbs = resource.getVerbs() == null ? List.of() : List.copyOf(resource.getVerbs());
                resources.add(new Resource(group, version, resource.getName(), resource.getKind(),
                        Boolean.TRUE.equals(resource.getNamespaced()), verbs));
            }
        }
    }
}
