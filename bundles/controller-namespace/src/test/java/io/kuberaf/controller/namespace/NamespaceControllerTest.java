package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceControllerTest {

    private static final int IGNITE_PORT_BASE = 49130;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static Controller controller;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        informers = cluster.informers();
        controller = new NamespaceController(client, informers.informer(Namespace.class), Duration.ofMillis(200))
                .controller(2);
        controller.start();
    }

    @AfterAll
    static void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void deletingANamespaceDeletesItsContentThenTheNamespace() {
        String ns = "shop";
        fillNamespace(ns);
        client.namespaces().withName(ns).delete();

        Await.until("namespace " + ns + " removed", () -> client.namespaces().withName(ns).get() == null);
        assertEquals(List.of(), client.pods().inNamespace(ns).list().getItems());
        assertEquals(List.of(), client.configMaps().inNamespace(ns).list().getItems());
        assertEquals(List.of(), client.services().inNamespace(ns).list().getItems());
        assertEquals(List.of(), client.secrets().inNamespace(ns).list().getItems());
    }

    @Test
    void aNamespaceWaitsForFinalizersOfItsContentAndRefusesNewContent() {
        String ns = "held";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();
        client.namespaces().withName(ns).delete();

        Await.until("the finalizer reported", () -> "True".equals(condition(ns, ConditionUpdate.FINALIZERS_REMAINING).getStatus()));
        Namespace terminating = client.namespaces().withName(ns).get();
        assertEquals("Terminating", terminating.getStatus().getPhase());
        assertEquals("Some finalizers are remaining: example.com/hold in 1 resource instances",
                condition(ns, ConditionUpdate.FINALIZERS_REMAINING).getMessage());
        assertEquals("Some resources are remaining: configmaps. has 1 resource instances",
                condition(ns, ConditionUpdate.CONTENT_REMAINING).getMessage());
        assertEquals("False", condition(ns, ConditionUpdate.DISCOVERY_FAILURE).getStatus());
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> client.configMaps()
                .inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata().build())
                .create());
        assertEquals(403, refused.getCode());
        assertTrue(refused.getMessage().contains(
                "unable to create new content in namespace held because it is being terminated"), refused.getMessage());

        client.configMaps().inNamespace(ns).withName("held").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });
        Await.until("namespace " + ns + " removed", () -> client.namespaces().withName(ns).get() == null);
    }

    @Test
    void kubectlDeleteNamespaceReturnsOnceItIsGone() throws Exception {
        String ns = "bykubectl";
        fillNamespace(ns);
        Path kubeconfig = cluster.cluster().writeKubeconfig(Files.createTempFile("kubeconfig", ""));
        Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "delete", "namespace", ns)
                .redirectErrorStream(true).start();
        assertTrue(kubectl.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "kubectl delete namespace did not return");
        String output = new String(kubectl.getInputStream().readAllBytes());
        assertEquals(0, kubectl.exitValue(), output);
        assertEquals("namespace \"" + ns + "\" deleted\n", output);
        assertEquals(null, client.namespaces().withName(ns).get(), "kubectl waits until the namespace is gone");
    }

    private static void fillNamespace(String ns) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("a", "b").build()).create();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("token").endMetadata()
                .addToStringData("p", "q").build()).create();
    }

    private static NamespaceCondition condition(String ns, String type) {
        Namespace namespace = client.namespaces().withName(ns).get();
        if (namespace == null || namespace.getStatus() == null || namespace.getStatus().getConditions() == null) {
            return new NamespaceCondition();
        }
        return namespace.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(new NamespaceCondition());
    }

}
