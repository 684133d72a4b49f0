package io.kuberaf.runtime.simulated;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;
import io.kuberaf.kubelet.KubeletContext;
import io.kuberaf.kubelet.Launcher;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The kubelet against a real apiserver (in-memory store), running pods on the simulated runtime. */
class KubeletTest {

    private static final String NODE = "node-a";
    private static final String NS = "default";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static SharedInformersImpl informers;
    private static KubeletContext context;
    private static Launcher launcher;
    private static SimulatedRuntime runtime;
    private static RunningKubelet kubelet;
    private static Path staticDir;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, 48600);
        Config config = new ConfigBuilder().withMasterUrl(cluster.url()).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = new SharedInformersImpl(client, 0);
        context = new KubeletContext(client, informers, 8);
        launcher = new Launcher(context);
        runtime = new SimulatedRuntime(Settings.DEFAULTS);
        staticDir = Files.createTempDirectory("kubelet-static");
        dataDir = Files.createTempDirectory("kubelet-data");
        kubelet = launcher.start(options(), runtime);
    }

    private static KubeletOptions options() {
        return KubeletOptions.builder(NODE).dataDir(dataDir).staticPodsDir(staticDir)
                .clusterDns(List.of("10.96.0.10"))
                .leaseRenewPeriod(Duration.ofSeconds(1)).statusUpdatePeriod(Duration.ofSeconds(1))
                .relistPeriod(Duration.ofMillis(200)).containerBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        launcher.close();
        context.close();
        informers.close();
        client.close();
        cluster.close();
    }

    @Test
    void nodeRegistersReadyWithCapacityAndRenewsItsLease() {
        Node node = await("node Ready", () -> client.nodes().withName(NODE).get(),
                n -> n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                        && n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
        var status = node.getStatus();
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), status.getCapacity().get("cpu").getAmount());
        assertEquals("110", status.getCapacity().get("pods").getAmount());
        assertTrue(status.getCapacity().get("memory").getNumericalAmount().longValue() > 0);
        assertTrue(status.getCapacity().containsKey("ephemeral-storage"));
        assertEquals("simulated://0.1.0", status.getNodeInfo().getContainerRuntimeVersion());
        await("images reported", () -> client.nodes().withName(NODE).get().getStatus().getImages(), images -> images != null);
        assertEquals("v1.32.0-kuberaf", status.getNodeInfo().getKubeletVersion());
        assertEquals("linux", status.getNodeInfo().getOperatingSystem());
        assertEquals(10250, status.getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertEquals("KubeletReady", status.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElseThrow().getReason());
        for (String pressure : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            assertTrue(status.getConditions().stream().anyMatch(c -> c.getType().equals(pressure)), pressure);
        }
        assertEquals(NODE, node.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertTrue(status.getAddresses().stream().anyMatch(a -> a.getType().equals("InternalIP") && a.getAddress().equals("127.0.0.1")));

        Lease lease = await("lease", () -> client.leases().inNamespace("kube-node-lease").withName(NODE).get(), l -> l != null);
        assertEquals(NODE, lease.getSpec().getHolderIdentity());
        assertEquals(40, lease.getSpec().getLeaseDurationSeconds());
        assertEquals("Node", lease.getMetadata().getOwnerReferences().get(0).getKind());
        var firstRenew = lease.getSpec().getRenewTime();
        await("lease renewed", () -> client.leases().inNamespace("kube-node-lease").withName(NODE).get(),
                l -> l.getSpec().getRenewTime().isAfter(firstRenew));
    }

    @Test
    void aBoundPodRunsWithItsEventsInOrder() {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("redis-master").endMetadata()
                .withNewSpec().addNewPort().withPort(6379).withTargetPort(new IntOrString(6379)).endPort().endSpec().build())
                .create();
        Pod pod = create(new PodBuilder(pod("web", "busybox:1.36", List.of("sleep", "3600")))
                .editSpec().editFirstContainer().addNewEnv().withName("ADDR").withValue("$(REDIS_MASTER_SERVICE_HOST):$(REDIS_MASTER_SERVICE_PORT)")
                .endEnv().endContainer().endSpec().build());
        Pod running = awaitPod("web", p -> "Running".equals(phase(p)) && ready(p));
        ContainerStatus container = running.getStatus().getContainerStatuses().get(0);
        assertTrue(container.getContainerID().startsWith("simulated://"));
        assertEquals(0, container.getRestartCount());
        assertNotNull(container.getState().getRunning().getStartedAt());
        assertTrue(running.getStatus().getPodIP().startsWith("10.88."), running.getStatus().getPodIP());
        assertEquals("127.0.0.1", running.getStatus().getHostIP());
        assertEquals("BestEffort", running.getStatus().getQosClass());
        assertNotNull(running.getStatus().getStartTime());
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready", "PodReadyToStartContainers")) {
            assertTrue(running.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True")), type);
        }
        List<String> reasons = events(pod).stream().map(Event::getReason).toList();
        assertEquals(List.of("Pulled", "Created", "Started"), reasons);
        Event pulled = events(pod).get(0);
        assertEquals("Container image \"busybox:1.36\" already present on machine", pulled.getMessage());
        assertEquals("spec.containers{app}", pulled.getInvolvedObject().getFieldPath());
        assertEquals("kubelet", pulled.getSource().getComponent());
        assertEquals(NODE, pulled.getSource().getHost());

        String id = container.getContainerID().substring("simulated://".length());
        ContainerConfig config = runtime.containerConfig(id).orElseThrow();
        Map<String, String> env = config.env().stream().collect(java.util.stream.Collectors.toMap(ContainerConfig.EnvVar::name,
                ContainerConfig.EnvVar::value));
        String serviceIp = client.services().inNamespace(NS).withName("redis-master").get().getSpec().getClusterIP();
        assertEquals(serviceIp + ":6379", env.get("ADDR"));
        assertEquals(serviceIp, env.get("REDIS_MASTER_SERVICE_HOST"));
        assertEquals("tcp://" + serviceIp + ":6379", env.get("REDIS_MASTER_PORT"));
        assertEquals(NODE, config.labels().get(PodLabels.NODE_NAME));
        assertEquals(List.of("sleep", "3600"), config.command());
        var sandbox = runtime.listPodSandboxes().stream()
                .filter(s -> s.labels().get(PodLabels.POD_UID).equals(pod.getMetadata().getUid())).findFirst().orElseThrow();
        assertEquals(NODE, sandbox.labels().get(PodLabels.NODE_NAME));
        var dns = runtime.sandboxConfig(sandbox.id()).orElseThrow().dns();
        assertEquals(List.of("10.96.0.10"), dns.servers());
        assertEquals(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"), dns.searches());
        assertEquals(List.of("ndots:5"), dns.options());
    }

    @Test
    void volumesAreWrittenAndMounted() throws Exception {
        client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("web-config").endMetadata().addToData("index.html", "hello").build()).create();
        Pod pod = create(new PodBuilder(pod("withvolumes", "busybox:1.36", List.of("sleep", "3600"))).editSpec()
                .addNewVolume().withName("config").withNewConfigMap().withName("web-config").endConfigMap().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endVolume()
                .editFirstContainer().addNewVolumeMount().withName("config").withMountPath("/usr/share/nginx/html").withReadOnly(true)
                .endVolumeMount().addNewVolumeMount().withName("scratch").withMountPath("/tmp/scratch").endVolumeMount()
                .addNewVolumeMount().withName("info").withMountPath("/etc/podinfo").endVolumeMount()
                .endContainer().endSpec().build());
        Pod running = awaitPod("withvolumes", KubeletTest::ready);
        String id = first(running).getContainerID().substring("simulated://".length());
        Map<String, ContainerConfig.Mount> mounts = runtime.containerConfig(id).orElseThrow().mounts().stream()
                .collect(java.util.stream.Collectors.toMap(ContainerConfig.Mount::containerPath, m -> m));
        ContainerConfig.Mount html = mounts.get("/usr/share/nginx/html");
        assertTrue(html.readOnly());
        assertEquals("hello", Files.readString(Path.of(html.hostPath(), "index.html")));
        assertTrue(html.hostPath().startsWith(dataDir.resolve("pods").resolve(pod.getMetadata().getUid()).toString()));
        assertTrue(Files.isDirectory(Path.of(mounts.get("/tmp/scratch").hostPath())));
        assertEquals("withvolumes", Files.readString(Path.of(mounts.get("/etc/podinfo").hostPath(), "name")));
    }

    @Test
    void projectedServiceAccountVolumesGetTheLegacyTokenAndTheNamespace() throws Exception {
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("builder-token").addToAnnotations("kubernetes.io/service-account.name", "builder").endMetadata()
                .withType("kubernetes.io/service-account-token").addToStringData("token", "header.claims.signature").build()).create();
        create(new PodBuilder(pod("withtoken", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withServiceAccountName("builder")
                .addNewVolume().withName("kube-api-access").withNewProjected()
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt").withPath("ca.crt").endItem()
                .endConfigMap().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected().endVolume()
                .editFirstContainer().addNewVolumeMount().withName("kube-api-access")
                .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount").withReadOnly(true).endVolumeMount().endContainer()
                .endSpec().build());
        Pod running = awaitPod("withtoken", KubeletTest::ready);
        String id = first(running).getContainerID().substring("simulated://".length());
        String dir = runtime.containerConfig(id).orElseThrow().mounts().get(0).hostPath();
        assertEquals("header.claims.signature", Files.readString(Path.of(dir, "token")));
        assertEquals(NS, Files.readString(Path.of(dir, "namespace")));
    }

    @Test
    void aMissingConfigMapKeepsTheContainerWaiting() {
        Pod pod = create(new PodBuilder(pod("noconfig", "busybox:1.36", List.of("sleep", "3600"))).editSpec().editFirstContainer()
                .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef("k", "absent-config", false).endValueFrom().endEnv()
                .endContainer().endSpec().build());
        Pod waiting = awaitPod("noconfig", p -> waitingReason(p, "CreateContainerConfigError"));
        assertEquals("configmap \"absent-config\" not found", first(waiting).getState().getWaiting().getMessage());
        awaitEvent(pod, "Failed", e -> e.getMessage().equals("Error: configmap \"absent-config\" not found"));
    }

    @Test
    void httpProbesReachHostNetworkPodsOnLoopback() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            create(new PodBuilder(pod("hostnet", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withHostNetwork(true)
                    .editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port))
                    .endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                    .addNewPort().withContainerPort(port).withName("http").endPort().endContainer().endSpec().build());
            create(new PodBuilder(pod("hostnet-down", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withHostNetwork(true)
                    .editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPath("/missing").withPort(new IntOrString(port))
                    .endHttpGet().withPeriodSeconds(1).endReadinessProbe().endContainer().endSpec().build());
            Pod ready = awaitPod("hostnet", KubeletTest::ready);
            assertEquals("127.0.0.1", ready.getStatus().getPodIP());
            Pod down = awaitPod("hostnet-down", p -> "Running".equals(phase(p)));
            awaitEvent(down, "Unhealthy", e -> e.getMessage().equals("Readiness probe failed: HTTP probe failed with statuscode: 404"));
            assertFalse(ready(client.pods().inNamespace(NS).withName("hostnet-down").get()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCrashingContainerBacksOff() {
        Pod pod = create(pod("crash", "busybox:1.36", List.of("false")));
        Pod looping = awaitPod("crash", p -> {
            ContainerStatus c = first(p);
            return c != null && c.getRestartCount() >= 2 && c.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason());
        });
        ContainerStatus c = first(looping);
        String expected = "restarting failed container=app pod=crash_default(" + pod.getMetadata().getUid() + ")";
        assertTrue(c.getState().getWaiting().getMessage().matches("back-off \\d+s " + java.util.regex.Pattern.quote(expected)),
                c.getState().getWaiting().getMessage());
        assertEquals(1, c.getLastState().getTerminated().getExitCode());
        assertEquals("Error", c.getLastState().getTerminated().getReason());
        assertEquals("Running", phase(looping));
        Event backOff = awaitEvent(pod, "BackOff", e -> true);
        assertEquals("Warning", backOff.getType());
        assertEquals("Back-off restarting failed container app in pod crash_default(" + pod.getMetadata().getUid() + ")",
                backOff.getMessage());
        Event started = awaitEvent(pod, "Started", e -> e.getCount() >= 2);
        assertTrue(started.getCount() >= 2, "repeated events are aggregated into one with a count");
    }

    @Test
    void aMissingImageGivesErrImagePullThenImagePullBackOff() {
        Pod pod = create(pod("noimage", "missing/app:1", List.of()));
        // ErrImagePull lasts only until the first back-off (a poll can miss it on a loaded machine):
        // its event is checked below, the lasting ImagePullBackOff in the status here.
        awaitPod("noimage", p -> waitingReason(p, "ImagePullBackOff"));
        Event failed = awaitEvent(pod, "Failed", e -> e.getMessage().startsWith("Failed to pull image \"missing/app:1\""));
        assertEquals("Warning", failed.getType());
        awaitEvent(pod, "Failed", e -> e.getMessage().equals("Error: ErrImagePull"));
        awaitEvent(pod, "BackOff", e -> e.getMessage().equals("Back-off pulling image \"missing/app:1\""));
        assertEquals("Pending", phase(client.pods().inNamespace(NS).withName("noimage").get()));
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        Pod pod = create(new PodBuilder(pod("unhealthy", "busybox:1.36", List.of("sleep", "3600"))).editSpec().editFirstContainer()
                .withNewLivenessProbe().withNewExec().withCommand("false").endExec().withPeriodSeconds(1).withFailureThreshold(2)
                .endLivenessProbe().endContainer().endSpec().build());
        awaitPod("unhealthy", p -> first(p) != null && first(p).getRestartCount() >= 1);
        awaitEvent(pod, "Unhealthy", e -> e.getMessage().startsWith("Liveness probe failed"));
        awaitEvent(pod, "Killing", e -> e.getMessage().equals("Container app failed liveness probe, will be restarted"));
    }

    @Test
    void aReadinessProbeDecidesReadiness() {
        create(new PodBuilder(pod("notready", "busybox:1.36", List.of("sleep", "3600"))).editSpec().editFirstContainer()
                .withNewReadinessProbe().withNewExec().withCommand("false").endExec().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build());
        create(new PodBuilder(pod("isready", "busybox:1.36", List.of("sleep", "3600"))).editSpec().editFirstContainer()
                .withNewReadinessProbe().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build());
        awaitPod("isready", KubeletTest::ready);
        Pod notReady = awaitPod("notready", p -> "Running".equals(phase(p)) && first(p).getState().getRunning() != null);
        sleep(2500);
        notReady = client.pods().inNamespace(NS).withName("notready").get();
        assertFalse(ready(notReady));
    }

    @Test
    void initContainersRunToCompletionFirst() {
        create(new PodBuilder(pod("withinit", "busybox:1.36", List.of("sleep", "3600"))).editSpec()
                .addNewInitContainer().withName("setup").withImage("busybox:1.36").withCommand("sh", "-c", "sleep 0.3; exit 0")
                .endInitContainer().endSpec().build());
        Pod pod = awaitPod("withinit", p -> "Running".equals(phase(p)) && ready(p));
        var init = pod.getStatus().getInitContainerStatuses().get(0);
        assertEquals("Completed", init.getState().getTerminated().getReason());
        assertEquals(0, init.getState().getTerminated().getExitCode());
    }

    @Test
    void restartPolicyNeverEndsThePod() {
        create(new PodBuilder(pod("job-ok", "busybox:1.36", List.of("true"))).editSpec().withRestartPolicy("Never").endSpec().build());
        create(new PodBuilder(pod("job-bad", "busybox:1.36", List.of("sh", "-c", "exit 3"))).editSpec().withRestartPolicy("Never").endSpec().build());
        Pod ok = awaitPod("job-ok", p -> "Succeeded".equals(phase(p)));
        assertEquals("Completed", first(ok).getState().getTerminated().getReason());
        Pod bad = awaitPod("job-bad", p -> "Failed".equals(phase(p)));
        assertEquals(3, first(bad).getState().getTerminated().getExitCode());
        assertEquals(0, first(bad).getRestartCount());
    }

    @Test
    void gracefulDeletionStopsThePodThenRemovesIt() {
        Pod pod = create(pod("leaving", "busybox:1.36", List.of("sleep", "3600")));
        awaitPod("leaving", KubeletTest::ready);
        client.pods().inNamespace(NS).withName("leaving").delete();
        await("pod gone", () -> client.pods().inNamespace(NS).withName("leaving").get(), p -> p == null);
        awaitEvent(pod, "Killing", e -> e.getMessage().equals("Stopping container app"));
        await("containers removed", () -> runtime.listContainers(null).stream()
                .filter(c -> pod.getMetadata().getUid().equals(c.labels().get(PodLabels.POD_UID))).count(), n -> n == 0);
    }

    @Test
    void podsBeyondMaxPodsAreRefused() {
        RunningKubelet small = launcher.start(KubeletOptions.builder("node-d").dataDir(dataDir).maxPods(1)
                .relistPeriod(Duration.ofMillis(200)).build(), new SimulatedRuntime(Settings.DEFAULTS));
        try {
            create(new PodBuilder(pod("fits", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withNodeName("node-d").endSpec().build());
            awaitPod("fits", KubeletTest::ready);
            create(new PodBuilder(pod("too-many", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withNodeName("node-d").endSpec().build());
            Pod refused = awaitPod("too-many", p -> "Failed".equals(phase(p)));
            assertEquals("OutOfpods", refused.getStatus().getReason());
            assertEquals("Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1", refused.getStatus().getMessage());
        } finally {
            small.close();
        }
    }

    @Test
    void theNodesPodCidrReachesTheRuntime() {
        SimulatedRuntime ownRuntime = new SimulatedRuntime(Settings.DEFAULTS);
        RunningKubelet nodeC = launcher.start(KubeletOptions.builder("node-c").dataDir(dataDir).relistPeriod(Duration.ofMillis(200))
                .build(), ownRuntime);
        try {
            await("node-c registered", () -> client.nodes().withName("node-c").get(), n -> n != null);
            client.nodes().withName("node-c").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"spec\":{\"podCIDR\":\"10.244.7.0/24\",\"podCIDRs\":[\"10.244.7.0/24\"]}}");
            KubeletTest.sleep(1000);
            create(new PodBuilder(pod("in-cidr", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withNodeName("node-c").endSpec().build());
            Pod running = awaitPod("in-cidr", KubeletTest::ready);
            assertTrue(running.getStatus().getPodIP().startsWith("10.244.7."), running.getStatus().getPodIP());
        } finally {
            nodeC.close();
        }
    }

    @Test
    void aDeadSandboxIsRecreated() {
        Pod pod = create(pod("phoenix", "busybox:1.36", List.of("sleep", "3600")));
        Pod before = awaitPod("phoenix", KubeletTest::ready);
        var sandbox = runtime.listPodSandboxes().stream()
                .filter(s -> pod.getMetadata().getUid().equals(s.labels().get(PodLabels.POD_UID))).findFirst().orElseThrow();
        runtime.stopPodSandbox(sandbox.id());
        Pod after = awaitPod("phoenix", p -> ready(p) && !first(p).getContainerID().equals(first(before).getContainerID()));
        assertEquals(1, first(after).getRestartCount());
        awaitEvent(pod, "SandboxChanged", e -> e.getMessage().equals("Pod sandbox changed, it will be killed and re-created."));
        var sandboxes = await("the dead sandbox removed", () -> runtime.listPodSandboxes().stream()
                .filter(s -> pod.getMetadata().getUid().equals(s.labels().get(PodLabels.POD_UID))).toList(), l -> l.size() == 1);
        assertEquals(1, sandboxes.get(0).pod().attempt());
    }

    @Test
    void aFailingPreStopHookIsReportedAndTheContainerStillStops() {
        Pod pod = create(new PodBuilder(pod("prestop", "busybox:1.36", List.of("sleep", "3600"))).editSpec().editFirstContainer()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("false").endExec().endPreStop().endLifecycle()
                .endContainer().endSpec().build());
        awaitPod("prestop", KubeletTest::ready);
        client.pods().inNamespace(NS).withName("prestop").delete();
        await("pod gone", () -> client.pods().inNamespace(NS).withName("prestop").get(), p -> p == null);
        awaitEvent(pod, "FailedPreStopHook", e -> e.getMessage().startsWith("PreStopHook failed"));
    }

    @Test
    void aNewKubeletAdoptsRunningContainers() {
        SimulatedRuntime ownRuntime = new SimulatedRuntime(Settings.DEFAULTS);
        KubeletOptions options = KubeletOptions.builder("node-b").dataDir(dataDir).relistPeriod(Duration.ofMillis(200))
                .statusUpdatePeriod(Duration.ofSeconds(1)).build();
        RunningKubelet first = launcher.start(options, ownRuntime);
        create(new PodBuilder(pod("adopted", "busybox:1.36", List.of("sleep", "3600"))).editSpec().withNodeName("node-b").endSpec().build());
        Pod before = awaitPod("adopted", KubeletTest::ready);
        String containerId = first(before).getContainerID();
        first.close();
        String orphan = ownRuntime.runPodSandbox(new io.kuberaf.api.runtime.SandboxConfig(
                new io.kuberaf.api.runtime.PodIdentity(NS, "gone", "uid-of-a-deleted-pod", 0), "gone", false, null, List.of(),
                Map.of(PodLabels.NODE_NAME, "node-b", PodLabels.POD_UID, "uid-of-a-deleted-pod", PodLabels.POD_NAME, "gone",
                        PodLabels.POD_NAMESPACE, NS), Map.of()));
        RunningKubelet second = launcher.start(options, ownRuntime);
        try {
            sleep(7000);  // past the orphan grace: a wrong clean-up or restart would have happened by now
            Pod after = client.pods().inNamespace(NS).withName("adopted").get();
            assertEquals(containerId, first(after).getContainerID());
            assertEquals(0, first(after).getRestartCount());
            assertTrue(ready(after));
            assertEquals(1, ownRuntime.listContainers(null).size());
            assertEquals(1, ownRuntime.listPodSandboxes().size(), "the sandbox of the pod that is gone was removed");
            assertTrue(ownRuntime.podSandboxStatus(orphan).isEmpty());
        } finally {
            second.close();
        }
    }

    @Test
    void staticPodsRunWithAMirrorPod() throws Exception {
        Path manifest = staticDir.resolve("static-web.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: static-web
                  labels:
                    role: static
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                    command: ["sleep", "3600"]
                """);
        String name = "static-web-" + NODE;
        Pod mirror = awaitPod(name, p -> p.getMetadata().getAnnotations() != null
                && p.getMetadata().getAnnotations().containsKey("kubernetes.io/config.mirror") && ready(p));
        String containerId = first(mirror).getContainerID();
        assertEquals("Node", mirror.getMetadata().getOwnerReferences().get(0).getKind());

        client.pods().inNamespace(NS).withName(name).delete();
        Pod recreated = awaitPod(name, p -> !p.getMetadata().getUid().equals(mirror.getMetadata().getUid())
                && p.getMetadata().getDeletionTimestamp() == null && ready(p));
        assertEquals(containerId, first(recreated).getContainerID(), "the static pod kept running");

        Files.delete(manifest);
        await("mirror pod gone", () -> client.pods().inNamespace(NS).withName(name).get(), p -> p == null);
        await("static containers removed", () -> runtime.listContainers(null).stream()
                .filter(c -> "web".equals(c.labels().get(PodLabels.CONTAINER_NAME))).count(), n -> n == 0);
    }

    @Test
    void repeatedEventsAreAggregated() {
        var recorder = new io.kuberaf.kubelet.events.EventRecorder(client, "test-component", "host-1");
        var reference = new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1")
                .withNamespace(NS).withName("subject").withUid("uid-subject").build();
        for (int i = 0; i < 3; i++) {
            recorder.warning(reference, "BackOff", "same message");
        }
        recorder.warning(reference, "BackOff", "another message");
        List<Event> events = client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "uid-subject".equals(e.getInvolvedObject().getUid())).toList();
        assertEquals(2, events.size());
        Event same = events.stream().filter(e -> e.getMessage().equals("same message")).findFirst().orElseThrow();
        assertEquals(3, same.getCount());
        assertEquals("test-component", same.getSource().getComponent());
        assertEquals("host-1", same.getSource().getHost());
        assertFalse(Instant.parse(same.getLastTimestamp()).isBefore(Instant.parse(same.getFirstTimestamp())));
        assertEquals(1, events.stream().filter(e -> e.getMessage().equals("another message")).findFirst().orElseThrow().getCount());
    }

    // ---- helpers ----

    private static Pod pod(String name, String image, List<String> command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName(NODE).withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("app").withImage(image).withCommand(command).endContainer()
                .endSpec().build();
    }

    private static Pod create(Pod pod) {
        return client.pods().inNamespace(NS).resource(pod).create();
    }

    private static String phase(Pod pod) {
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static ContainerStatus first(Pod pod) {
        return pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().get(0);
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static boolean waitingReason(Pod pod, String reason) {
        ContainerStatus c = first(pod);
        return c != null && c.getState().getWaiting() != null && reason.equals(c.getState().getWaiting().getReason());
    }

    private static Pod awaitPod(String name, Predicate<Pod> condition) {
        return await("pod " + name, () -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null && condition.test(p));
    }

    private static List<Event> events(Pod pod) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .sorted(Comparator.comparing((Event e) -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    private static Event awaitEvent(Pod pod, String reason, Predicate<Event> condition) {
        return await("event " + reason + " of " + pod.getMetadata().getName(), () -> events(pod).stream()
                .filter(e -> reason.equals(e.getReason()) && condition.test(e)).findFirst().orElse(null), e -> e != null);
    }

    static <T> T await(String what, Supplier<T> supplier, Predicate<T> condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = supplier.get();
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        fail("timed out waiting for " + what + "; last seen: " + last);
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
