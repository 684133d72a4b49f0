package io.kuberaf.itests.blackbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distribution driven with the fabric8 client, as a Java controller or operator drives Kubernetes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Fabric8IT {

    private KuberafInstance kuberaf;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("fabric8", 1);
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kuberaf.kubeconfig()))).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    /**
     * A new namespace, once the serviceaccount controller has put its kube-root-ca.crt ConfigMap in it (as
     * in Kubernetes, every namespace has one); the tests leave that ConfigMap out of what they count.
     */
    private String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.configMaps().inNamespace(name).withName(ROOT_CA).get() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + ROOT_CA + " in namespace " + name + " after 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return name;
    }

    private static final String ROOT_CA = "kube-root-ca.crt";

    private static boolean ours(ConfigMap configMap) {
        return !ROOT_CA.equals(configMap.getMetadata().getName());
    }

    private static ConfigMap configMap(String name, Map<String, String> labels, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withData(Map.of("value", value)).build();
    }

    @Test
    void crud() {
        String ns = namespace("crud");
        ConfigMap created = client.configMaps().inNamespace(ns).resource(configMap("one", Map.of("app", "a"), "1")).create();
        assertNotNull(created.getMetadata().getUid());
        assertNotNull(created.getMetadata().getResourceVersion());

        ConfigMap read = client.configMaps().inNamespace(ns).withName("one").get();
        assertEquals("1", read.getData().get("value"));

        ConfigMap edited = client.configMaps().inNamespace(ns).withName("one").edit(cm -> {
            cm.getData().put("value", "2");
            return cm;
        });
        assertEquals("2", edited.getData().get("value"));
        assertTrue(Long.parseLong(edited.getMetadata().getResourceVersion())
                > Long.parseLong(created.getMetadata().getResourceVersion()));

        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace(ns).resource(created).update());
        assertEquals(409, conflict.getCode());

        assertEquals(1, client.configMaps().inNamespace(ns).withName("one").delete().size());
        assertNull(client.configMaps().inNamespace(ns).withName("one").get());
    }

    @Test
    void listWithSelectorsAndPages() {
        String ns = namespace("lists");
        for (int i = 0; i < 30; i++) {
            client.configMaps().inNamespace(ns).resource(configMap("cm-" + i, Map.of("parity", i % 2 == 0 ? "even" : "odd",
                    "group", "g" + (i % 3)), String.valueOf(i))).create();
        }
        assertEquals(15, client.configMaps().inNamespace(ns).withLabel("parity", "even").list().getItems().size());
        assertEquals(10, client.configMaps().inNamespace(ns).withLabelIn("group", "g1").list().getItems().size());
        // NotIn also matches objects without the label: kube-root-ca.crt is the 21st
        assertEquals(21, client.configMaps().inNamespace(ns).withLabelNotIn("group", "g1").list().getItems().size());
        assertEquals(1, client.configMaps().inNamespace(ns).withField("metadata.name", "cm-7").list().getItems().size());

        var page = client.configMaps().inNamespace(ns).list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(7L).build());
        assertEquals(7, page.getItems().size());
        assertNotNull(page.getMetadata().getContinue());
        assertEquals(24L, page.getMetadata().getRemainingItemCount(), "30 of ours and kube-root-ca.crt, less the first 7");
    }

    @Test
    void watchDeliversAddModifyDelete() throws Exception {
        String ns = namespace("watches");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch watch = client.configMaps().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                if (!ours(resource)) {
                    return;
                }
                events.add(action + " " + resource.getMetadata().getName() + " " + resource.getData());
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add("CLOSED " + cause);
            }
        })) {
            client.configMaps().inNamespace(ns).resource(configMap("w", Map.of(), "1")).create();
            client.configMaps().inNamespace(ns).withName("w").edit(cm -> {
                cm.getData().put("value", "2");
                return cm;
            });
            client.configMaps().inNamespace(ns).withName("w").delete();
            assertEquals("ADDED w {value=1}", events.poll(20, TimeUnit.SECONDS));
            assertEquals("MODIFIED w {value=2}", events.poll(20, TimeUnit.SECONDS));
            assertEquals("DELETED w {value=2}", events.poll(20, TimeUnit.SECONDS));
        }
    }

    /** An informer's cache equals the server's state after 1,000 changes made while it runs. */
    @Test
    void informerStaysInSyncAcrossAThousandChanges() throws Exception {
        String ns = namespace("informer");
        AtomicInteger notifications = new AtomicInteger();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                if (ours(obj)) {
                    notifications.incrementAndGet();
                }
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                notifications.incrementAndGet();
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                notifications.incrementAndGet();
            }
        });
        try {
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            // 100 creates + 800 updates + 50 deletes + 50 creates = 1,000 changes
            for (int i = 0; i < 100; i++) {
                client.configMaps().inNamespace(ns).resource(configMap("cm-" + i, Map.of(), "0")).create();
            }
            for (int round = 1; round <= 8; round++) {
                for (int i = 0; i < 100; i++) {
                    String value = String.valueOf(round);
                    client.configMaps().inNamespace(ns).withName("cm-" + i).edit(cm -> {
                        cm.getData().put("value", value);
                        return cm;
                    });
                    }
            }
            for (int i = 0; i < 100; i += 1) {
                if (i % 2 == 0) {
                    client.configMaps().inNamespace(ns).withName("cm-" + i).delete();
                    }
            }
            for (int i = 0; i < 50; i++) {
                client.configMaps().inNamespace(ns).resource(configMap("late-" + i, Map.of(), "late")).create();
            }
            Map<String, String> server = versions(client.configMaps().inNamespace(ns).list().getItems());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, String> cached = versions(informer.getStore().list());
            while (!cached.equals(server) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                cached = versions(informer.getStore().list());
            }
            assertEquals(server, cached, "informer cache equals the server's objects and resourceVersions");
            assertEquals(100, server.size());
            assertEquals(1000, notifications.get(), "one handler call per change");
        } finally {
            informer.close();
        }
    }

    private static Map<String, String> versions(List<ConfigMap> items) {
        return items.stream().filter(Fabric8IT::ours).collect(Collectors.toMap(cm -> cm.getMetadata().getName(),
                cm -> cm.getMetadata().getResourceVersion() + "/" + cm.getData().get("value")));
    }
}
