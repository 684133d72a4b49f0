package com.acme.platform.route;

import io.kuberaf.apiserver.ApiServer;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.apiserver.discovery.ResourceType;

import java.lang.reflect.Field;
import java.util.List;

/**
 * Serves a kind in a test cluster as the apiserver does for a KindProvider's definition.
 * <p>
 * Stand-in until the apiserver's KindProvider support (branch wip-crd) lands: then these tests
 * publish {@link RouteKinds} to the cluster instead, and this class goes.
 */
final class ServedKinds {

    private ServedKinds() {
    }

    static void serve(TestCluster cluster, String group, String version, String kind, String plural, boolean namespaced)
            throws ReflectiveOperationException {
        Field field = TestCluster.class.getDeclaredField("server");
        field.setAccessible(true);
        ApiServer server = (ApiServer) field.get(cluster);
        server.resources().add(new ResourceType(group, version, kind, plural, kind.toLowerCase(), namespaced,
                List.of(), ResourceType.ALL_VERBS, List.of(),
                List.of(new ResourceType.Subresource("status", group, version, kind, List.of("get", "patch", "update")))));
    }
}
