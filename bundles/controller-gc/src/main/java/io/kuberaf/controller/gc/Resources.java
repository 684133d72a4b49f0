package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kuberaf.client.objects.ApiResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resources the garbage collector watches, from discovery: every resource of the core group and
 * of each group's preferred version that can be listed, watched, read and deleted, except events
 * (kube-controller-manager ignores them too: they have no owners and would cost a lot to watch).
 * Owner references name an apiVersion and kind; {@link #of} resolves them.
 */
final class Resources {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final Map<String, ResourceDefinitionContext> byKind;

    private Resources(Map<String, ResourceDefinitionContext> byKind) {
        this.byKind = byKind;
    }

    static Resources discover(KubernetesClient client) {
        ApiResources discovered = ApiResources.discover(client);
        for (String failure : discovered.failedGroups()) {
            LOG.warn("Garbage collector: discovery of {} failed; its objects are not collected", failure);
        }
        Map<String, ResourceDefinitionContext> byKind = new LinkedHashMap<>();
        for (ApiResources.Resource resource : discovered.resources()) {
            if (resource.supports("list", "watch", "get", "delete") && !resource.plural().equals("events")) {
                byKind.put(key(resource.apiVersion(), resource.kind()), resource.context());
            }
        }
        return new Resources(byKind);
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
