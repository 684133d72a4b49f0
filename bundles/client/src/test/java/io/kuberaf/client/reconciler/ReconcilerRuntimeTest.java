package io.kuberaf.client.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.internal.ReconcilerRuntime;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller SDK against a real apiserver: each test runs a reconciler the way the whiteboard does
 * ({@link ReconcilerRuntime}, with leader election) on objects in a namespace of its own.
 */
class ReconcilerRuntimeTest {

    private static ClusterFixture cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ClusterFixture.start(48200);
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    /** Greets ConfigMaps of one namespace in their data; cleanup records the names it cleaned. */
    @ControllerConfiguration(name = "greeter")
    static final class Greeter implements Reconciler<ConfigMap>, Cleaner<ConfigMap> {
        final String namespace;
        final List<String> cleaned = new CopyOnWriteArrayList<>();

        Greeter(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) {
            if (!namespace.equals(configMap.getMetadata().getNamespace())) {
                return UpdateControl.noUpdate();
            }
            configMap.getData().put("greeting", "hello " + configMap.getData().get("name"));
            return UpdateControl.updateResource(configMap);
        }

        @Override
        public DeleteControl cleanup(ConfigMap configMap, Context<ConfigMap> context) {
            if (configMap.getMetadata().getNamespace().equals(namespace)) {
                cleaned.add(configMap.getMetadata().getName());
            }
            return DeleteControl.defaultDelete();
        }
    }

    @Test
    void cleanerGetsAFinalizerThenCleansUpAndTheFinalizerGoes() {
        String ns = namespace("sdk-cleaner");
        Greeter greeter = new Greeter(ns);
        try (ReconcilerRuntime<ConfigMap> ignored = ReconcilerRuntime.start(greeter, client.getConfiguration())) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("anna")
                    .endMetadata().addToData("name", "Anna").build()).create();
            Await.until("greeting and finalizer on the ConfigMap", () -> {
                ConfigMap cm = client.configMaps().inNamespace(ns).withName("anna").get();
                return "hello Anna".equals(cm.getData().get("greeting"))
                        && cm.getMetadata().getFinalizers().equals(List.of("configmaps.kuberaf.io/finalizer"));
            });

            client.configMaps().inNamespace(ns).withName("anna").delete();
            Await.until("the ConfigMap deleted once cleanup ran",
                    () -> client.configMaps().inNamespace(ns).withName("anna").get() == null);
            assertEquals(List.of("anna"), greeter.cleaned);
        }
    }

    /** Writes each Deployment's observed generation to its status (a patch of the status subresource). */
    @ControllerConfiguration(name = "observer", workers = 1)
    static final class Observer implements Reconciler<Deployment> {
        final String namespace;
        final AtomicInteger reconciles = new AtomicInteger();

        Observer(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public UpdateControl<Deployment> reconcile(Deployment deployment, Context<Deployment> context) {
            if (!namespace.equals(deployment.getMetadata().getNamespace())) {
                return UpdateControl.noUpdate();
            }
            reconciles.incrementAndGet();
            deployment.setStatus(new DeploymentStatusBuilder(deployment.getStatus())
                    .withObservedGeneration(deployment.getMetadata().getGeneration()).build());
            return UpdateControl.patchStatus(deployment);
        }
    }

    @Test
    void statusIsWrittenAndStatusWritesDoNotReconcileAgain() throws Exception {
        String ns = namespace("sdk-status");
        Observer observer = new Observer(ns);
        try (ReconcilerRuntime<Deployment> ignored = ReconcilerRuntime.start(observer, client.getConfiguration())) {
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("busybox").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            awaitObservedGeneration(ns, 1L);

            client.apps().deployments().inNamespace(ns).withName("web").scale(2);
            awaitObservedGeneration(ns, 2L);
            Thread.sleep(500);
            assertEquals(2, observer.reconciles.get(), "one reconcile per generation: its own status writes are filtered");
        }
    }

    private static void awaitObservedGeneration(String ns, long generation) {
        Await.until("status.observedGeneration " + generation, () -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("web").get();
            return deployment.getStatus() != null && Long.valueOf(generation).equals(deployment.getStatus().getObservedGeneration());
        });
    }

    /** Fails the first three tries of each Secret of its namespace, recording which retry each one was. */
    @ControllerConfiguration(name = "flaky")
    static final class Flaky implements Reconciler<Secret> {
        final String namespace;
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        Flaky(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public UpdateControl<Secret> reconcile(Secret secret, Context<Secret> context) {
            if (!namespace.equals(secret.getMetadata().getNamespace())) {
                return UpdateControl.noUpdate();
            }
            int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0);
            attempts.add(attempt);
            if (attempt < 3) {
                throw new IllegalStateException("not yet (try " + attempt + ")");
            }
            secret.getMetadata().getLabels().put("reconciled", "after-" + attempt + "-retries");
            return UpdateControl.updateResource(secret);
        }
    }

    @Test
    void failuresRetryWithBackOffUntilTheReconcileSucceeds() {
        String ns = namespace("sdk-retry");
        Flaky flaky = new Flaky(ns);
        try (ReconcilerRuntime<Secret> ignored = ReconcilerRuntime.start(flaky, client.getConfiguration())) {
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s")
                    .addToLabels("app", "x").endMetadata().build()).create();
            Await.until("the label written on the fourth try", () -> "after-3-retries".equals(
                    client.secrets().inNamespace(ns).withName("s").get().getMetadata().getLabels().get("reconciled")));
            assertEquals(List.of(0, 1, 2, 3), flaky.attempts.subList(0, 4));
        }
    }

    /** Slow reconciles of ConfigMaps with 4 workers, counting how many run at once, per key and in all. */
    @ControllerConfiguration(name = "slow", workers = 4)
    static final class Slow implements Reconciler<ConfigMap> {
        final String namespace;
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final AtomicInteger runningInAll = new AtomicInteger();
        final AtomicInteger mostForOneKey = new AtomicInteger();
        final AtomicInteger mostInAll = new AtomicInteger();
        final AtomicInteger reconciles = new AtomicInteger();

        Slow(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) throws InterruptedException {
            if (!namespace.equals(configMap.getMetadata().getNamespace())) {
                return UpdateControl.noUpdate();
            }
            AtomicInteger forKey = running.computeIfAbsent(configMap.getMetadata().getName(), k -> new AtomicInteger());
            mostForOneKey.accumulateAndGet(forKey.incrementAndGet(), Math::max);
            mostInAll.accumulateAndGet(runningInAll.incrementAndGet(), Math::max);
            try {
                Thread.sleep(200);
            } finally {
                forKey.decrementAndGet();
                runningInAll.decrementAndGet();
                reconciles.incrementAndGet();
            }
            return UpdateControl.noUpdate();
        }
    }

    @Test
    void oneReconcilePerObjectAtATimeAndNothingAfterStop() throws Exception {
        String ns = namespace("sdk-serial");
        Slow slow = new Slow(ns);
        try (ReconcilerRuntime<ConfigMap> ignored = ReconcilerRuntime.start(slow, client.getConfiguration())) {
            for (String name : List.of("a", "b", "c")) {
                client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                        .endMetadata().addToData("v", "0").build()).create();
            }
            for (int i = 1; i <= 10; i++) {
                client.configMaps().inNamespace(ns).withName("a").edit(cm -> new ConfigMapBuilder(cm).addToData("v",
                        String.valueOf(System.nanoTime())).build());
            }
            Await.until("a, b and c reconciled, a again after its changes", () -> slow.reconciles.get() >= 4
                    && slow.running.keySet().containsAll(List.of("a", "b", "c")));
            assertEquals(1, slow.mostForOneKey.get(), "never two reconciles of the same ConfigMap at once");
            assertTrue(slow.mostInAll.get() > 1, "different ConfigMaps are reconciled in parallel");
        }
        int reconciled = slow.reconciles.get();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("after-stop")
                .endMetadata().build()).create();
        Thread.sleep(500);
        assertFalse(slow.running.containsKey("after-stop"), "a stopped reconciler sees no more objects");
        assertEquals(reconciled, slow.reconciles.get());
        Await.until("the lease released", () -> {
            var lease = client.leases().inNamespace("kube-system").withName("kuberaf-reconciler-slow").get();
            return lease == null || lease.getSpec().getHolderIdentity() == null || lease.getSpec().getHolderIdentity().isEmpty();
        });
    }

    /**
     * Keeps one Secret per ConfigMap of its namespace (owned by it, found through the context), and looks
     * again every 50 ms until it has seen the Secret three times.
     */
    @ControllerConfiguration(name = "owner", owns = Secret.class)
    static final class Owner implements Reconciler<ConfigMap> {
        final String namespace;
        final AtomicInteger sawSecret = new AtomicInteger();

        Owner(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) {
            if (!namespace.equals(configMap.getMetadata().getNamespace())) {
                return UpdateControl.noUpdate();
            }
            Optional<Secret> secret = context.getSecondaryResource(Secret.class);
            if (secret.isEmpty()) {
                Secret owned = new SecretBuilder().withNewMetadata().withName(configMap.getMetadata().getName() + "-secret")
                        .withNamespace(namespace).endMetadata().addToStringData("k", "v").build();
                owned.addOwnerReference(configMap).setController(true);
                context.getClient().resource(owned).serverSideApply();
                return UpdateControl.noUpdate();
            }
            return sawSecret.incrementAndGet() < 3 ? UpdateControl.<ConfigMap>noUpdate().rescheduleAfter(Duration.ofMillis(50))
                    : UpdateControl.noUpdate();
        }
    }

    @Test
    void ownedObjectsReconcileTheirOwnerAndReschedulesComeBack() {
        String ns = namespace("sdk-owner");
        Owner owner = new Owner(ns);
        try (ReconcilerRuntime<ConfigMap> ignored = ReconcilerRuntime.start(owner, client.getConfiguration())) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("parent")
                    .endMetadata().build()).create();
            Await.until("the owned Secret created", () -> client.secrets().inNamespace(ns).withName("parent-secret").get() != null);
            Await.until("the Secret seen three times (its creation, then two reschedules)", () -> owner.sawSecret.get() >= 3);

            client.secrets().inNamespace(ns).withName("parent-secret").delete();
            Await.until("the deleted Secret created again", () -> {
                Secret secret = client.secrets().inNamespace(ns).withName("parent-secret").get();
                return secret != null && secret.getMetadata().getDeletionTimestamp() == null;
            });
        }
    }

    @Group("sdk.kuberaf.io")
    @Version("v1")
    public static class Greeting extends CustomResource<GreetingSpec, GreetingStatus> implements Namespaced {
    }

    public static class GreetingSpec {
        public String name;
    }

    public static class GreetingStatus {
        public String text;
    }

    /**
     * A custom resource's reconciler: an owned ConfigMap applied server-side, status through the status
     * subresource (a merge patch), cleanup by finalizer.
     */
    @ControllerConfiguration(owns = ConfigMap.class)
    static final class Greeter2 implements Reconciler<Greeting>, Cleaner<Greeting> {
        final List<String> cleaned = new CopyOnWriteArrayList<>();

        @Override
        public UpdateControl<Greeting> reconcile(Greeting greeting, Context<Greeting> context) {
            ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(greeting.getMetadata().getName())
                    .withNamespace(greeting.getMetadata().getNamespace()).endMetadata()
                    .addToData("text", "Hello, " + greeting.getSpec().name).build();
            configMap.addOwnerReference(greeting).setController(true);
            context.getClient().resource(configMap).forceConflicts().serverSideApply();
            GreetingStatus status = new GreetingStatus();
            status.text = "Hello, " + greeting.getSpec().name;
            greeting.setStatus(status);
            return UpdateControl.patchStatus(greeting);
        }

        @Override
        public DeleteControl cleanup(Greeting greeting, Context<Greeting> context) {
            cleaned.add(greeting.getMetadata().getName());
            return DeleteControl.defaultDelete();
        }
    }

    /** The reconciler starts before its kind is served (as a hot-deployed bundle publishing it may). */
    @Test
    void customResourcesAreReadIntoTheirClassAndGetStatusAndFinalizer() throws InterruptedException {
        String ns = namespace("sdk-custom");
        Greeter2 greeter = new Greeter2();
        try (ReconcilerRuntime<Greeting> ignored = ReconcilerRuntime.start(greeter, client.getConfiguration())) {
            Thread.sleep(1000);   // the informers have tried and failed to list greetings
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName("greetings.sdk.kuberaf.io").endMetadata()
                    .withNewSpec().withGroup("sdk.kuberaf.io").withScope("Namespaced")
                    .withNewNames().withKind("Greeting").withPlural("greetings").withSingular("greeting").endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                    .withNewSubresources().withNewStatus().endStatus().endSubresources()
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
            Greeting greeting = new Greeting();
            greeting.getMetadata().setName("bob");
            greeting.getMetadata().setNamespace(ns);
            greeting.setSpec(new GreetingSpec());
            greeting.getSpec().name = "Bob";
            Await.until("the Greeting kind served and bob created", () -> {
                try {
                    client.resources(Greeting.class).inNamespace(ns).resource(greeting).create();
                    return true;
                } catch (KubernetesClientException e) {
                    return false;
                }
            });
            Await.until("status.text and the finalizer on bob", () -> {
                Greeting bob = client.resources(Greeting.class).inNamespace(ns).withName("bob").get();
                return bob.getStatus() != null && "Hello, Bob".equals(bob.getStatus().text)
                        && bob.getMetadata().getFinalizers().equals(List.of("greetings.sdk.kuberaf.io/finalizer"));
            });

            client.resources(Greeting.class).inNamespace(ns).withName("bob").delete();
            Await.until("bob deleted after cleanup", () -> client.resources(Greeting.class).inNamespace(ns).withName("bob").get() == null);
            assertEquals(List.of("bob"), greeter.cleaned);
        }
    }

    @Test
    void theResourceTypeIsTheTypeArgumentAndSettingsHaveDefaults() {
        assertEquals(ConfigMap.class, new Greeter("x").resourceType());
        assertEquals(Deployment.class, new Observer("x").resourceType());
        Reconciler<Secret> anonymous = new Reconciler<>() {
            @Override
            public UpdateControl<Secret> reconcile(Secret resource, Context<Secret> context) {
                return UpdateControl.noUpdate();
            }
        };
        assertEquals(Secret.class, anonymous.resourceType());
        assertNull(anonymous.getClass().getAnnotation(ControllerConfiguration.class));
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }
}
