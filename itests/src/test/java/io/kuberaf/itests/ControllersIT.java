package io.kuberaf.itests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.apache.karaf.features.BootFinished;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import javax.inject.Inject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;

/**
 * Every controller bundle and the scheduler, hot-swapped while the cluster runs: the bundle is stopped,
 * the world changes, the bundle starts again (then is updated), and the cluster converges with nothing
 * done twice. Pods do not need to run here; the test plays the kubelet where a controller needs one
 * (a Ready node with a renewed Lease, a Ready pod).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ControllersIT {

    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final String NODE = "itest-node";

    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private KubernetesClient client;

    private ScheduledExecutorService kubelet;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options();
    }

    @Before
    public void aReadyNodeWithARenewedLease() {
        Await.until(CONVERGE, () -> {
            try {
                client.namespaces().withName("default").get();
                return null;
            } catch (KubernetesClientException e) {
                return "apiserver not answering the in-container client: " + e.getMessage();
            }
        });
        if (client.nodes().withName(NODE).get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                    .addToLabels("kubernetes.io/hostname", NODE).endMetadata().build()).create();
        }
        kubelet = Executors.newSingleThreadScheduledExecutor();
        kubelet.scheduleWithFixedDelay(this::postNodeStatusAndLease, 0, 5, TimeUnit.SECONDS);
    }

    @After
    public void stopPlayingTheKubelet() {
        kubelet.shutdownNow();
    }

    @Test
    public void replicaSetControllerCatchesUpAndNeverCreatesTwice() throws Exception {
        String ns = namespace("hs-rs");
        AtomicInteger podsAdded = new AtomicInteger();
        try (Watch ignored = countAdded(ns, podsAdded)) {
            hotSwap("kuberaf-controller-replication",
                    () -> client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                            .withNewMetadata().withName("web").endMetadata()
                            .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                            .withTemplate(template("web")).endSpec().build()).create(),
                    () -> count(activePods(ns), 3, "pods of replicaset web"));
            settle();
            assertEquals("pods created in all: 3 and none again after start and update", 3, podsAdded.get());
        }
    }

    @Test
    public void deploymentControllerCatchesUpWithOneReplicaSet() throws Exception {
        String ns = namespace("hs-deploy");
        hotSwap("kuberaf-controller-deployment",
                () -> client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                        .withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                        .withTemplate(template("web")).endSpec().build()).create(),
                () -> {
                    List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
                    return sets.size() == 1 && Integer.valueOf(2).equals(sets.get(0).getSpec().getReplicas()) ? null
                            : "replica sets of deployment web: " + sets.size();
                });
        String uid = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0).getMetadata().getUid();
        settle();
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertEquals(1, sets.size());
        assertEquals("the same replica set throughout", uid, sets.get(0).getMetadata().getUid());
    }

    @Test
    public void schedulerBindsWhatArrivedWhileItWasStoppedOnce() throws Exception {
        String ns = namespace("hs-sched");
        hotSwap("kuberaf-scheduler",
                () -> {
                    for (int i = 0; i < 3; i++) {
                        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p" + i).endMetadata()
                                .withSpec(template("p").getSpec()).build()).create();
                    }
                },
                () -> count(client.pods().inNamespace(ns).list().getItems().stream()
                        .filter(p -> p.getSpec().getNodeName() != null).toList(), 3, "pods bound to a node"));
        settle();
        long scheduled = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Scheduled".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
        assertEquals("one Scheduled event per pod", 3, scheduled);
    }

    @Test
    public void endpointsControllerCatchesUp() throws Exception {
        String ns = namespace("hs-ep");
        hotSwap("kuberaf-controller-endpoints",
                () -> {
                    client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                            .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).withNewTargetPort(8080).endPort()
                            .endSpec().build()).create();
                    // on the distribution's own node: its kubelet (simulated runtime here) makes it Running and Ready
                    PodTemplateSpec template = template("web");
                    template.getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", KuberafDistribution.NODE));
                    client.pods().inNamespace(ns).resource(new PodBuilder()
                            .withNewMetadata().withName("web-1").addToLabels("app", "web").endMetadata()
                            .withSpec(template.getSpec()).build()).create();
                },
                () -> {
                    Pod pod = client.pods().inNamespace(ns).withName("web-1").get();
                    String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                    Endpoints endpoints = client.endpoints().inNamespace(ns).withName("web").get();
                    boolean ready = ip != null && endpoints != null && endpoints.getSubsets() != null && endpoints.getSubsets().stream()
                            .flatMap(s -> s.getAddresses().stream()).anyMatch(a -> ip.equals(a.getIp()));
                    return ready ? null : "endpoints of web (pod IP " + ip + "): " + endpoints;
                });
    }

    @Test
    public void namespaceControllerFinishesADeletionStartedWhileItWasStopped() throws Exception {
        String ns = namespace("hs-ns");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();
        String gone = namespace("hs-ns-2");
        hotSwap("kuberaf-controller-namespace",
                () -> client.namespaces().withName(ns).delete(),
                () -> client.namespaces().withName(ns).get() == null ? null : "namespace " + ns + " still there");
        client.namespaces().withName(gone).delete();
        Await.until(CONVERGE, () -> client.namespaces().withName(gone).get() == null ? null : "namespace " + gone + " still there");
    }

    @Test
    public void serviceAccountControllerCreatesOneDefaultAccount() throws Exception {
        String[] created = new String[1];
        hotSwap("kuberaf-controller-serviceaccount",
                () -> created[0] = namespace("hs-sa"),
                () -> client.serviceAccounts().inNamespace(created[0]).withName("default").get() != null ? null
                        : "no default service account in " + created[0]);
        ServiceAccount account = client.serviceAccounts().inNamespace(created[0]).withName("default").get();
        settle();
        assertEquals(account.getMetadata().getUid(),
                client.serviceAccounts().inNamespace(created[0]).withName("default").get().getMetadata().getUid());
    }

    @Test
    public void garbageCollectorDeletesDependentsOfAnOwnerDeletedWhileItWasStopped() throws Exception {
        String ns = namespace("hs-gc");
        ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("dependent")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
        hotSwap("kuberaf-controller-gc",
                () -> client.configMaps().inNamespace(ns).withName("owner").delete(),
                () -> client.configMaps().inNamespace(ns).withName("dependent").get() == null ? null : "dependent still there");
    }

    @Test
    public void nodeControllerAssignsOnePodCidr() throws Exception {
        String name = "itest-ipam";
        String[] cidr = new String[1];
        hotSwap("kuberaf-controller-node",
                () -> client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create(),
                () -> {
                    Node node = client.nodes().withName(name).get();
                    String now = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
                    if (now == null) {
                        return "no pod CIDR on " + name;
                    }
                    if (cidr[0] != null && !cidr[0].equals(now)) {
                        return "pod CIDR changed from " + cidr[0] + " to " + now;
                    }
                    cidr[0] = now;
                    return null;
                });
    }

    // ---- the world the controllers work on ----

    private void hotSwap(String bundle, Runnable whileStopped, java.util.function.Supplier<String> converged) {
        new HotSwap(new KuberafBundles(context, scr)).check(bundle, whileStopped, () -> {
            try {
                return converged.get();
            } catch (KubernetesClientException e) {
                return "API call failed: " + e.getMessage();
            }
        });
    }

    private String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    private static PodTemplateSpec template(String app) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage("kuberaf/busybox:latest")
                .withImagePullPolicy("IfNotPresent").withCommand("sleep", "3600").addNewPort().withContainerPort(8080).endPort()
                .endContainer().endSpec().build();
    }

    private List<Pod> activePods(String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static String count(List<?> items, int expected, String what) {
        return items.size() == expected ? null : what + ": " + items.size() + ", expected " + expected;
    }

    private Watch countAdded(String ns, AtomicInteger added) {
        return client.pods().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    added.incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Lets a controller that would wrongly act twice do so before the test counts. */
    private static void settle() throws InterruptedException {
        Thread.sleep(3000);
    }

    private void postNodeStatusAndLease() {
        try {
            String now = ZonedDateTime.now().withNano(0).toString();
            client.nodes().withName(NODE).editStatus(node -> new NodeBuilder(node).withNewStatus()
                    .addToAllocatable(Map.of("cpu", new Quantity("8"), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                    .addToCapacity(Map.of("cpu", new Quantity("8"), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                    .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                    .endStatus().build());
            var lease = client.leases().inNamespace("kube-node-lease").withName(NODE);
            if (lease.get() == null) {
                lease.create(new LeaseBuilder().withNewMetadata().withName(NODE).endMetadata().withNewSpec()
                        .withHolderIdentity(NODE).withLeaseDurationSeconds(40).withRenewTime(ZonedDateTime.now()).endSpec().build());
            } else {
                lease.edit(l -> {
                    l.getSpec().setRenewTime(ZonedDateTime.now());
                    return l;
                });
            }
        } catch (RuntimeException e) {
            // the next round tries again; a node controller test may see the node late, never wrongly
        }
    }

}
