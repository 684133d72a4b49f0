package io.kuberaf.itests.blackbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distribution driven from outside with the real kubectl, as a user types it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {

    private KuberafInstance kuberaf;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("kubectl");
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    @Test
    @Order(1)
    void versionNamesTheServer() {
        String out = kuberaf.kubectl("version").assertSuccess().stdout();
        assertTrue(out.contains("Server Version: v1.32.0-kuberaf."), out);
    }

    @Test
    @Order(2)
    void apiResourcesListsTheBuiltinKindsWithShortNames() {
        String out = kuberaf.kubectl("api-resources").assertSuccess().stdout();
        for (String line : new String[]{"pods ", "replicationcontrollers ", "deployments ", "leases ", "clusterroles "}) {
            assertTrue(out.contains(line), line + " in\n" + out);
        }
        assertTrue(out.matches("(?s).*replicationcontrollers\\s+rc\\s+v1\\s+true\\s+ReplicationController.*"), out);
        assertTrue(out.matches("(?s).*deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment.*"), out);
        String versions = kuberaf.kubectl("api-versions").assertSuccess().stdout();
        assertTrue(versions.contains("apps/v1\n") && versions.contains("v1\n"), versions);
    }

    @Test
    @Order(3)
    void defaultNamespacesExist() {
        String out = kuberaf.kubectl("get", "namespaces", "-o", "name").assertSuccess().stdout();
        assertEquals("namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n", out);
    }

    @Test
    @Order(4)
    void missingObjectGivesKubectlsNotFound() {
        KuberafInstance.Result result = kuberaf.kubectl("get", "rc", "nothing").assertFailure();
        assertEquals("Error from server (NotFound): replicationcontrollers \"nothing\" not found\n", result.stderr());
    }
}
