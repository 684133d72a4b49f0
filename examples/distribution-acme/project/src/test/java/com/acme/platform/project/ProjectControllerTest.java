package com.acme.platform.project;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import io.kuberaf.controller.namespace.NamespaceController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Project controller against a real apiserver, with Kuberaf's namespace controller emptying deleted namespaces. */
class ProjectControllerTest {

    private static final int IGNITE_PORT_BASE = 48320;

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static ProjectController projects;
    private static Controller namespaces;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        ServedKinds.serve(client, ProjectKinds.class.getResource(ProjectKinds.DEFINITION));
        projects = new ProjectController(client, cluster.informers(), defaults()).start(2);
        namespaces = new NamespaceController(client, cluster.informers().informer(Namespace.class), Duration.ofMillis(500))
                .controller(1);
        namespaces.start();
    }

    @AfterAll
    static void stop() throws Exception {
        projects.close();
        namespaces.close();
        cluster.close();
    }

    @Test
    void aProjectGetsItsNamespaceWithQuotaLimitsAndRolesAndTakesItAwayWhenDeleted() {
        client.resource(project("shop", "The shop", List.of("alice"))).create();

        Await.until("project shop Active", () -> phaseOf("shop") != null && phaseOf("shop").equals(ProjectStatus.ACTIVE));
        Namespace namespace = client.namespaces().withName("shop").get();
        assertEquals("shop", namespace.getMetadata().getLabels().get(ProjectTemplate.PROJECT_LABEL));
        assertEquals("The shop", namespace.getMetadata().getAnnotations().get(ProjectTemplate.DISPLAY_NAME));
        assertEquals("Project", namespace.getMetadata().getOwnerReferences().get(0).getKind());
        assertTrue(client.resources(Project.class).withName("shop").get().getMetadata().getFinalizers()
                .contains(ProjectController.FINALIZER));

        ResourceQuota quota = client.resourceQuotas().inNamespace("shop").withName(ProjectTemplate.QUOTA).get();
        assertEquals(new Quantity("20"), quota.getSpec().getHard().get("pods"));
        assertEquals(new Quantity("8Gi"), quota.getSpec().getHard().get("requests.memory"));
        LimitRange limits = client.limitRanges().inNamespace("shop").withName(ProjectTemplate.LIMITS).get();
        assertEquals(new Quantity("500m"), limits.getSpec().getLimits().get(0).getDefault().get("cpu"));
        for (String role : List.of(ProjectTemplate.ADMIN_ROLE, ProjectTemplate.EDIT_ROLE, ProjectTemplate.VIEW_ROLE)) {
            assertNotNull(client.rbac().roles().inNamespace("shop").withName(role).get(), role);
        }
        RoleBinding admins = client.rbac().roleBindings().inNamespace("shop").withName(ProjectTemplate.ADMINS_BINDING).get();
        assertEquals(ProjectTemplate.ADMIN_ROLE, admins.getRoleRef().getName());
        assertEquals("alice", admins.getSubjects().get(0).getName());

        client.resources(Project.class).withName("shop").delete();
        Await.until("namespace shop gone", Duration.ofSeconds(60), () -> client.namespaces().withName("shop").get() == null);
        Await.until("project shop gone", () -> client.resources(Project.class).withName("shop").get() == null);
    }

    @Test
    void aNamespaceThatExistsAlreadyIsNotTakenOver() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("taken").endMetadata().build()).create();
        client.resource(project("taken", null, List.of())).create();

        Await.until("project taken Failed", () -> ProjectStatus.FAILED.equals(phaseOf("taken")));
        assertNull(client.resourceQuotas().inNamespace("taken").withName(ProjectTemplate.QUOTA).get());

        client.resources(Project.class).withName("taken").delete();
        Await.until("project taken gone", () -> client.resources(Project.class).withName("taken").get() == null);
        assertNotNull(client.namespaces().withName("taken").get(), "someone else's namespace is left alone");
    }

    private static Project project(String name, String displayName, List<String> admins) {
        Project project = new Project();
        project.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ProjectSpec spec = new ProjectSpec();
        spec.setDisplayName(displayName);
        spec.setAdmins(admins);
        project.setSpec(spec);
        return project;
    }

    private static String phaseOf(String name) {
        Project project = client.resources(Project.class).withName(name).get();
        return project == null || project.getStatus() == null ? null : project.getStatus().getPhase();
    }

    /** The configuration's defaults, as Config Admin gives them when etc/com.acme.project.cfg sets nothing. */
    private static ProjectComponent.Config defaults() {
        return (ProjectComponent.Config) Proxy.newProxyInstance(ProjectComponent.Config.class.getClassLoader(),
                new Class<?>[] {ProjectComponent.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }
}
