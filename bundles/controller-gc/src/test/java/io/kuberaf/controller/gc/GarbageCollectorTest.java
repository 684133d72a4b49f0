package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class GarbageCollectorTest {

    private static final int IGNITE_PORT_BASE = 49160;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String NS = "default";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static GarbageCollector collector;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, IGNITE_PORT_BASE);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        collector = new GarbageCollector(client, 4, Duration.ofMillis(200));
        collector.start();
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        client.close();
        try {
            cluster.close();
        } catch (TimeoutException e) {
            // Jetty's graceful stop waits for keep-alive connections the JDK HTTP client (Java 17) never closes
            cluster.store().close();
        }
    }

    @Test
    void backgroundDeletionDeletesTheDependentsOfAGoneOwner() {
        ConfigMap owner = create("bg-owner", List.of(), List.of());
        create("bg-dependent", List.of(ownedBy(owner, false)), List.of());
        client.configMaps().inNamespace(NS).withName("bg-owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        await("the dependent deleted", () -> get("bg-dependent") == null);
    }

    @Test
    void aDependentOfAStillExistingOwnerStaysAndAReferenceToAnAbsentOwnerIsDropped() {
        ConfigMap owner = create("two-owner", List.of(), List.of());
        OwnerReference absent = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("never")
                .withUid("00000000-0000-0000-0000-000000000000").build();
        create("two-dependent", List.of(ownedBy(owner, false), absent), List.of());
        await("the absent owner dropped", () -> get("two-dependent").getMetadata().getOwnerReferences().size() == 1);
        assertEquals(owner.getMetadata().getUid(), get("two-dependent").getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
        ConfigMap owner = create("fg-owner", List.of(), List.of());
        create("fg-dependent", List.of(ownedBy(owner, true)), List.of("example.com/hold"));
        client.configMaps().inNamespace(NS).withName("fg-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        await("the dependent marked for deletion", () -> get("fg-dependent").getMetadata().getDeletionTimestamp() != null);
        ConfigMap waiting = get("fg-owner");
        assertNotNull(waiting, "the owner waits for its blocking dependent");
        assertEquals(List.of(GarbageCollector.FOREGROUND), waiting.getMetadata().getFinalizers());

        client.configMaps().inNamespace(NS).withName("fg-dependent").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });
        await("the owner deleted after its dependent", () -> get("fg-owner") == null);
    }

    @Test
    void orphanDeletionLeavesTheDependentsWithoutTheReference() {
        ConfigMap owner = create("or-owner", List.of(), List.of());
        create("or-dependent", List.of(ownedBy(owner, true)), List.of());
        client.configMaps().inNamespace(NS).withName("or-owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        await("the owner deleted", () -> get("or-owner") == null);
        ConfigMap orphan = get("or-dependent");
        assertNotNull(orphan);
        assertEquals(List.of(), orphan.getMetadata().getOwnerReferences());
    }

    @Test
    void kubectlCascadeModesOnADeploymentAndItsReplicaSet() throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(Files.createTempFile("kubeconfig", ""));
        for (String cascade : List.of("background", "foreground", "orphan")) {
            Deployment deployment = client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web-" + cascade).endMetadata()
                    .withNewSpec().withNewSelector().addToMatchLabels("app", cascade).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", cascade).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName("web-" + cascade + "-1").withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1").withKind("Deployment").withName(deployment.getMetadata().getName())
                            .withUid(deployment.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                            .build()).endMetadata()
                    .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", cascade).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", cascade).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();

            Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "delete", "deployment",
                    "web-" + cascade, "--cascade=" + cascade).redirectErrorStream(true).start();
            assertTrue(kubectl.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "kubectl delete did not return");
            String output = new String(kubectl.getInputStream().readAllBytes());
            assertEquals(0, kubectl.exitValue(), output);
            assertEquals("deployment.apps \"web-" + cascade + "\" deleted\n", output);

            await("deployment " + cascade + " gone",
                    () -> client.apps().deployments().inNamespace(NS).withName("web-" + cascade).get() == null);
            if (cascade.equals("orphan")) {
                ReplicaSet orphan = client.apps().replicaSets().inNamespace(NS).withName("web-orphan-1").get();
                assertNotNull(orphan, "--cascade=orphan keeps the ReplicaSet");
                assertEquals(List.of(), orphan.getMetadata().getOwnerReferences());
            } else {
                if (cascade.equals("foreground")) {
                    assertEquals(null, client.apps().replicaSets().inNamespace(NS).withName("web-foreground-1").get(),
                            "foreground: the ReplicaSet went before the Deployment");
                }
                await("replicaset " + cascade + " gone",
                        () -> client.apps().replicaSets().inNamespace(NS).withName("web-" + cascade + "-1").get() == null);
            }
        }
    }

    private static ConfigMap create(String name, List<OwnerReference> owners, List<String> finalizers) {
        return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withOwnerReferences(owners).withFinalizers(finalizers).endMetadata().withData(Map.of("k", "v")).build())
                .create();
    }

    private static OwnerReference ownedBy(ConfigMap owner, boolean blockOwnerDeletion) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(blockOwnerDeletion).build();
    }

    private static ConfigMap get(String name) {
        return client.configMaps().inNamespace(NS).withName(name).get();
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
