package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.internal.SharedInformersImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NamespaceControllerTest {

    private static final int IGNITE_PORT_BASE = 49130;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static Controller controller;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, IGNITE_PORT_BASE);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        informers = new SharedInformersImpl(client, 0);
        controller = new NamespaceController(client, informers.informer(Namespace.class), Duration.ofMillis(200))
                .controller(2);
        controller.start();
    }

    @AfterAll
    static void stop() throws Exception {
        controller.close();
        informers.close();
        client.close();
        try {
            cluster.close();
        } catch (TimeoutException e) {
            // Jetty's graceful stop waits for keep-alive connections the JDK HTTP client (Java 17) never closes
            cluster.store().close();
        }
    }

    @Test
    void deletingANamespaceDeletesItsContentThenTheNamespace() {
        String ns = "shop";
        fillNamespace(ns);
        client.namespaces().withName(ns).delete();

        await("namespace " + ns + " removed", () -> client.namespaces().withName(ns).get() == null);
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

        await("the finalizer reported", () -> "True".equals(condition(ns, ConditionUpdate.FINALIZERS_REMAINING).getStatus()));
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
        await("namespace " + ns + " removed", () -> client.namespaces().withName(ns).get() == null);
    }

    @Test
    void kubectlDeleteNamespaceReturnsOnceItIsGone() throws Exception {
        String ns = "bykubectl";
        fillNamespace(ns);
        Path kubeconfig = cluster.writeKubeconfig(Files.createTempFile("kubeconfig", ""));
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

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
