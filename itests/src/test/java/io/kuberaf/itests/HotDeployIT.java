package io.kuberaf.itests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.kuberaf.api.store.ResourceStore;
import org.apache.karaf.features.BootFinished;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import javax.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

/**
 * A vendor's controller bundle hot-deployed through the distribution's deploy/ folder: the example
 * controller-hello jar copied in reconciles Hello objects within seconds, a second version copied over
 * it takes over in place, deleting it stops it; the platform's bundles are not touched meanwhile (no
 * bundle event, same last-modified times, the store's and client's services and the apiserver's
 * activation as they were).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {

    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final String SYMBOLIC_NAME = "io.kuberaf.examples.controller-hello";
    private static final String JAR_PROPERTY = "kuberaf.example.controller-hello";

    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private KubernetesClient client;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options(systemProperty(JAR_PROPERTY).value(System.getProperty(JAR_PROPERTY)));
    }

    @Test
    public void controllerJarInDeployReconcilesUpgradesInPlaceAndStopsWhenDeleted() throws Exception {
        awaitApiServer();
        Platform before = Platform.now(context, kubeconfig());
        List<String> platformEvents = new CopyOnWriteArrayList<>();
        BundleListener listener = event -> {
            if (event.getBundle().getSymbolicName() != null
                    && event.getBundle().getSymbolicName().startsWith(KuberafBundles.PREFIX)) {
                platformEvents.add(event.getBundle().getSymbolicName() + " " + event.getType());
            }
        };
        context.addBundleListener(listener);
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "controller-hello.jar");
        try {
            Path jar = Path.of(System.getProperty(JAR_PROPERTY));
            copyInto(deployed, out -> Files.copy(jar, out));
            Bundle bundle = awaitBundle("0.1.0.SNAPSHOT");
            createHello("world", "world");
            awaitStatus("world", "Hello, world!", SYMBOLIC_NAME + "/0.1.0.SNAPSHOT");
            ConfigMap greeting = awaitConfigMap("world-greeting");
            assertEquals("Hello, world!", greeting.getData().get("greeting"));
            assertEquals("Hello", greeting.getMetadata().getOwnerReferences().get(0).getKind());
            assertEquals(List.of("hellos.hello.kuberaf.io/finalizer"), hellos().withName("world").get().getMetadata().getFinalizers());

            copyInto(deployed, out -> withBundleVersion(jar, "0.2.0", out));
            Await.until(QUICK, () -> bundle.getVersion().toString().equals("0.2.0") && bundle.getState() == Bundle.ACTIVE
                    ? null : "the deployed bundle not updated in place to 0.2.0: " + bundle.getVersion() + " " + KuberafBundles.state(bundle));
            awaitStatus("world", "Hello, world!", SYMBOLIC_NAME + "/0.2.0");
            createHello("again", "again");
            awaitStatus("again", "Hello, again!", SYMBOLIC_NAME + "/0.2.0");

            hellos().withName("again").delete();
            Await.until(QUICK, () -> hellos().withName("again").get() == null
                    && client.configMaps().inNamespace("default").withName("again-greeting").get() == null
                    ? null : "the deleted Hello 'again' and its ConfigMap still there (cleanup, finalizer)");

            Files.delete(deployed);
            Await.until(QUICK, () -> context.getBundle(bundle.getBundleId()) == null ? null : "the bundle not uninstalled");
            Await.until(QUICK, () -> leaseHolder().isEmpty() ? null : "the controller's lease still held by " + leaseHolder());
            client.configMaps().inNamespace("default").withName("world-greeting").delete();
            Await.until(QUICK, () -> client.configMaps().inNamespace("default").withName("world-greeting").get() == null
                    ? null : "world-greeting not deleted");
            Thread.sleep(2000);
            assertNull("a stopped controller does not create the ConfigMap again",
                    client.configMaps().inNamespace("default").withName("world-greeting").get());
        } finally {
            context.removeBundleListener(listener);
            Files.deleteIfExists(deployed);
        }
        assertEquals("bundle events of the platform while a controller was deployed, upgraded and removed",
                List.of(), platformEvents);
        assertEquals("the platform after the controller came and went", before, Platform.now(context, kubeconfig()));
    }

    /**
     * What must not change while vendor bundles come and go: every Kuberaf bundle's id and last-modified
     * time, the store's and client's service ids (DS re-registers them on re-activation) and the
     * kubeconfig the apiserver writes on each activation.
     */
    record Platform(Map<Long, Long> bundlesLastModified, Optional<Object> storeServiceId,
                    Optional<Object> clientServiceId, FileTime kubeconfigWritten) {

        static Platform now(BundleContext context, Path kubeconfig) throws IOException {
            Map<Long, Long> bundles = new KuberafBundles(context, null).all().stream()
                    .collect(Collectors.toMap(Bundle::getBundleId, Bundle::getLastModified));
            return new Platform(bundles, serviceId(context, ResourceStore.class), serviceId(context, KubernetesClient.class),
                    Files.getLastModifiedTime(kubeconfig));
        }

        private static Optional<Object> serviceId(BundleContext context, Class<?> type) {
            return Optional.ofNullable(context.getServiceReference(type)).map(reference -> reference.getProperty(Constants.SERVICE_ID));
        }
    }

    private void awaitApiServer() {
        Await.until(Duration.ofSeconds(120), () -> {
            try {
                client.namespaces().withName("default").get();
                return null;
            } catch (KubernetesClientException e) {
                return "apiserver not answering the in-container client: " + e.getMessage();
            }
        });
    }

    private static Path kubeconfig() {
        return Path.of(System.getProperty("karaf.data"), "kubeconfig");
    }

    private Bundle awaitBundle(String version) {
        Bundle[] found = new Bundle[1];
        Await.until(QUICK, () -> {
            for (Bundle bundle : context.getBundles()) {
                if (SYMBOLIC_NAME.equals(bundle.getSymbolicName()) && bundle.getState() == Bundle.ACTIVE
                        && bundle.getVersion().toString().equals(version)) {
                    found[0] = bundle;
                    return null;
                }
            }
            return SYMBOLIC_NAME + " " + version + " not active (fileinstall polls deploy/ every second)";
        });
        return found[0];
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> helloOperation() {
        return client.genericKubernetesResources("hello.kuberaf.io/v1", "Hello");
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> hellos() {
        return helloOperation().inNamespace("default");
    }

    /** Created as soon as the kind is served (the bundle publishes it when it starts). */
    private void createHello(String name, String message) {
        GenericKubernetesResource hello = new GenericKubernetesResourceBuilder().withApiVersion("hello.kuberaf.io/v1")
                .withKind("Hello").withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("message", message)).build();
        Await.until(QUICK, () -> {
            try {
                hellos().resource(hello).create();
                return null;
            } catch (KubernetesClientException e) {
                return "Hello " + name + " not created: " + e.getCode() + " " + e.getMessage();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void awaitStatus(String name, String greeting, String reconciledBy) {
        Supplier<String> problem = () -> {
            GenericKubernetesResource hello = hellos().withName(name).get();
            Map<String, Object> status = hello == null ? null : (Map<String, Object>) hello.getAdditionalProperties().get("status");
            return status != null && greeting.equals(status.get("greeting")) && reconciledBy.equals(status.get("reconciledBy"))
                    ? null : "Hello " + name + " has status " + status + ", waiting for " + greeting + " by " + reconciledBy;
        };
        Await.until(QUICK, problem);
    }

    private ConfigMap awaitConfigMap(String name) {
        Await.until(QUICK, () -> client.configMaps().inNamespace("default").withName(name).get() != null
                ? null : "no ConfigMap " + name);
        ConfigMap configMap = client.configMaps().inNamespace("default").withName(name).get();
        assertNotNull(configMap);
        return configMap;
    }

    private String leaseHolder() {
        Lease lease = client.leases().inNamespace("kube-system").withName("kuberaf-reconciler-hello").get();
        String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        return holder == null ? "" : holder;
    }

    /** Writes the file beside the deploy folder first, so that fileinstall never reads half a jar. */
    private static void copyInto(Path target, Writer writer) throws IOException {
        Path staging = Files.createTempFile(target.getParent().getParent(), "controller-hello", ".jar.tmp");
        try (OutputStream out = Files.newOutputStream(staging)) {
            writer.write(out);
        }
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The second version: the same jar with another Bundle-Version (it shows in the Hellos' status). */
    private static void withBundleVersion(Path jar, String version, OutputStream out) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue(Constants.BUNDLE_VERSION, version);
            try (JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    jarOut.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(jarOut);
                    jarOut.closeEntry();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }
}
