package io.kuberaf.client.objects;

import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiResourcesTest {

    private static ClusterFixture cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(49560);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void coreAndGroupResourcesWithTheirVerbsButNoSubresources() {
        ApiResources discovered = ApiResources.discover(cluster.client());
        assertEquals(List.of(), discovered.failedGroups());
        ApiResources.Resource pods = find(discovered, "", "pods");
        assertEquals("v1", pods.apiVersion());
        assertEquals("Pod", pods.kind());
        assertTrue(pods.namespaced());
        assertTrue(pods.supports("list", "watch", "delete", "deletecollection"));
        assertEquals("pods.", pods.qualifiedName());
        ApiResources.Resource deployments = find(discovered, "apps", "deployments");
        assertEquals("apps/v1", deployments.apiVersion());
        assertEquals("deployments.apps", deployments.qualifiedName());
        assertEquals("apps", deployments.context().getGroup());
        ApiResources.Resource nodes = find(discovered, "", "nodes");
        assertFalse(nodes.namespaced());
        assertFalse(nodes.context().isNamespaceScoped());
        assertTrue(discovered.resources().stream().noneMatch(resource -> resource.plural().contains("/")));
    }

    private static ApiResources.Resource find(ApiResources discovered, String group, String plural) {
        return discovered.resources().stream()
                .filter(resource -> resource.group().equals(group) && resource.plural().equals(plural))
                .findFirst().orElseThrow(() -> new AssertionError(plural + " not discovered"));
    }
}
