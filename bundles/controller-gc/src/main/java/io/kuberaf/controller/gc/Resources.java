package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources the garbage collector watches, from discovery: every resource of the core group and
 * of each group's preferred version that can be listed, watched, read and deleted, except events
 * (kube-controller-manager ignores them too: they have no owners and would cost a lot to watch).
 * Owner references name an apiVersion and kind; {@link #of} resolves them.
 */
final class Resources {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    private static final Set<String> VERBS = Set.of("list", "watch", "get", "delete");

    private final Map<String, ResourceDefinitionContext> byKind;

    private Resources(Map<String, ResourceDefinitionContext> byKind) {
        this.byKind = byKind;
    }

    static Resources discover(KubernetesClient client) {
        Map<String, ResourceDefinitionContext> byKind = new LinkedHashMap<>();
        collect(client, "", "v1", byKind);
        for (APIGroup group : client.getApiGroups().getGroups()) {
            String version = group.getPreferredVersion() != null ? group.getPreferredVersion().getVersion()
                    : group.getVersions().get(0).getVersion();
            collect(client, group.getName(), version, byKind);
        }
        return new Resources(byKind);
    }

    private static void collect(KubernetesClient client, String group, String version,
                                Map<String, ResourceDefinitionContext> byKind) {
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        APIResourceList list;
        try {
            list = client.getApiResources(groupVersion);
        } catch (RuntimeException e) {
            LOG.warn("Garbage collector: discovery of {} failed ({}); its objects are not collected", groupVersion, e.toString());
            return;
        }
        if (list == null) {
            return;
        }
        for (APIResource resource : list.getResources()) {
            if (resource.getName().contains("/") || !resource.getVerbs().containsAll(VERBS)
                    || resource.getName().equals("events")) {
                continue;
            }
            byKind.put(key(groupVersion, resource.getKind()), new ResourceDefinitionContext.Builder()
                    .withGroup(group).withVersion(version).withPlural(resource.getName()).withKind(resource.getKind())
                    .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced())).build());
        }
    }

    Iterable<ResourceDefinitionContext> all() {
        return byKind.values();
    }

    /** The resource of an apiVersion and kind, as an owner reference names them. */
    Optional<ResourceDefinitionContext> of(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(key(apiVersion, kind)));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
