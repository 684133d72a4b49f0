package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.kubelet.PodStatusBuilder.Waiting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives the runtime toward one pod's spec and writes the pod's status (Kubernetes' kubelet syncPod):
 * sandbox, images, init containers in order, containers, restarts with back-off, probes; for a pod being
 * deleted, preStop hooks and stops, then the final delete; for a pod that is gone, clean-up.
 *
 * <p>Runs on the shared pool, one sync per pod at a time ({@link PodWorkers}); everything it learns between
 * syncs (why a container waits, back-offs) is in {@link PodState} and the back-off tables.
 */
final class PodSync {

    /** What the kubelet remembers of a pod between syncs. */
    static final class PodState {
        final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
        final Map<String, Instant> pullFailedAt = new ConcurrentHashMap<>();
        volatile PodStatus lastWritten;
        /** The uid of the object lastWritten went to (a static pod's mirror pod changes when it is recreated). */
        volatile String lastWrittenTo;
        volatile boolean terminated;
        volatile Map<String, Path> volumes;
        volatile Instant volumesAt = Instant.EPOCH;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(10);
    /** How often ConfigMap, Secret and downwardAPI volume files are refreshed (Kubernetes: about a minute). */
    private static final Duration VOLUME_REFRESH = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_GRACE = Duration.ofSeconds(2);
    private static final int KEPT_EXITED_PER_CONTAINER = 2;

    private final Kubelet kubelet;
    private final ContainerRuntime runtime;
    private final RestartBackoff restarts;
    private final RestartBackoff pulls;

    PodSync(Kubelet kubelet) {
        this.kubelet = kubelet;
        this.runtime = kubelet.runtime();
        this.restarts = new RestartBackoff(kubelet.options().containerBackoffBase(), kubelet.options().containerBackoffMax());
        this.pulls = new RestartBackoff(kubelet.options().containerBackoffBase(), kubelet.options().containerBackoffMax());
    }

    /** The runtime's view of one pod: its sandboxes (oldest first) and containers (by name, oldest attempt first). */
    private record Seen(List<SandboxStatus> sandboxes, List<ContainerStatus> containers) {
        SandboxStatus latestSandbox() {
            return sandboxes.isEmpty() ? null : sandboxes.get(sandboxes.size() - 1);
        }

        SandboxStatus readySandbox() {
            SandboxStatus latest = latestSandbox();
            return latest != null && latest.ready() ? latest : null;
        }

        Map<String, List<ContainerStatus>> byName(String sandboxId) {
            Map<String, List<ContainerStatus>> byName = new LinkedHashMap<>();
            for (ContainerStatus c : containers) {
                if (sandboxId == null || sandboxId.equals(c.sandboxId())) {
                    byName.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(c);
                }
            }
            return byName;
        }
    }

    private Seen seen(String uid) {
        List<SandboxStatus> sandboxes = runtime.listPodSandboxes().stream()
                .filter(s -> kubelet.mine(s.labels()) && uid.equals(s.labels().get(PodLabels.POD_UID)))
                .sorted(Comparator.comparingInt((SandboxStatus s) -> s.pod().attempt()).thenComparing(SandboxStatus::createdAt))
                .toList();
        List<ContainerStatus> containers = runtime.listContainers(null).stream()
                .filter(c -> kubelet.mine(c.labels()) && uid.equals(c.labels().get(PodLabels.POD_UID)))
                .sorted(Comparator.comparingInt(ContainerStatus::attempt).thenComparing(ContainerStatus::createdAt))
                .toList();
        return new Seen(sandboxes, containers);
    }

    void sync(String uid) {
        Pod pod = kubelet.pod(uid);
        Seen seen = seen(uid);
        if (pod == null) {
            cleanUp(uid, seen);
            return;
        }
        PodState state = kubelet.state(uid);
        boolean isStatic = kubelet.isStatic(uid);
        if (isStatic) {
            syncMirror(pod);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null && !isStatic) {
            terminate(pod, state, seen);
            return;
        }
        String apiPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (!isStatic && ("Succeeded".equals(apiPhase) || "Failed".equals(apiPhase))) {
            stopSandboxes(seen);  // finished for good: nothing restarts
            kubelet.release(uid);
            return;
        }
        if (!seen.sandboxes().isEmpty()) {
            kubelet.admitted(uid);  // running already (adopted after a restart)
        } else if (!admit(pod, state)) {
            return;
        }
        Duration requeue = run(pod, state, seen);
        Seen after = seen(uid);
        String phase = writeStatus(pod, state, after);
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            kubelet.probes().retain(uid, Set.of());
            stopSandboxes(after);
            kubelet.release(uid);
        }
        collectGarbage(pod, after);
        if (requeue != null) {
            kubelet.enqueueAfter(uid, requeue);
        }
    }

    // ---- running a pod ----

    /** One pass toward the spec; returns when to look again (null: when something changes). */
    private Duration run(Pod pod, PodState state, Seen seen) {
        String uid = pod.getMetadata().getUid();
        SandboxStatus sandbox = seen.readySandbox();
        if (sandbox == null) {
            if (finished(pod, seen)) {
                return null;
            }
            try {
                sandbox = createSandbox(pod, seen);
            } catch (RuntimeOperationException e) {
                kubelet.events().warning(kubelet.podReference(pod), "FailedCreatePodSandBox",
                        "Failed to create pod sandbox: " + e.getMessage());
                LOG.warn("Pod {}/{}: cannot create its sandbox: {}", namespace(pod), name(pod), e.getMessage());
                return restartDelay(uid + "/sandbox", Instant.now());
            }
            seen = seen(uid);
            state.volumes = null;
        }
        String podIp = PodStatusBuilder.podIp(pod, observed(pod, state, seen));
        if (state.volumes == null || Instant.now().isAfter(state.volumesAt.plus(VOLUME_REFRESH))) {
            try {
                state.volumes = kubelet.volumes().prepare(pod, new ApiSource(kubelet), podIp, hostIp(), allocatable());
                state.volumesAt = Instant.now();
            } catch (ConfigException | RuntimeException e) {
                kubelet.events().warning(kubelet.podReference(pod), "FailedMount", e.getMessage());
                if (state.volumes == null) {
                    return CONFIG_RETRY;
                }
                state.volumesAt = Instant.now();  // keep the files as they are; try again at the next refresh
            }
        }
        Map<String, List<ContainerStatus>> current = seen.byName(sandbox.id());
        Map<String, List<ContainerStatus>> all = seen.byName(null);
        String policy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
        for (Container init : ContainerEnv.list(pod.getSpec().getInitContainers())) {
            ContainerStatus latest = PodStatusBuilder.latest(current.getOrDefault(init.getName(), List.of()));
            if (latest != null && latest.state() == ContainerStatus.State.EXITED && latest.exitCode() == 0) {
                continue;
            }
            if (latest != null && latest.running()) {
                return null;
            }
            if (latest != null && latest.state() == ContainerStatus.State.EXITED) {
                return policy.equals("Never") ? null : restart(pod, state, init, true, sandbox, latest, podIp);
            }
            ContainerStatus before = PodStatusBuilder.latest(all.getOrDefault(init.getName(), List.of()));
            return start(pod, state, init, true, sandbox, before == null ? 0 : before.attempt() + 1, latest, podIp);
        }
        Duration requeue = null;
        Set<String> running = new HashSet<>();
        for (Container container : ContainerEnv.list(pod.getSpec().getContainers())) {
            Duration next = runContainer(pod, state, container, sandbox, current, all, policy, podIp, running);
            requeue = earliest(requeue, next);
        }
        kubelet.probes().retain(pod.getMetadata().getUid(), running);
        return requeue;
    }

    private Duration runContainer(Pod pod, PodState state, Container container, SandboxStatus sandbox,
                                  Map<String, List<ContainerStatus>> current, Map<String, List<ContainerStatus>> all,
                                  String policy, String podIp, Set<String> running) {
        ContainerStatus latest = PodStatusBuilder.latest(current.getOrDefault(container.getName(), List.of()));
        if (latest != null && latest.running()) {
            Probes.Kind failed = kubelet.probes().failed(latest.id());
            if (failed == null) {
                kubelet.probes().ensure(pod, container, latest.id(), podIp);
                running.add(latest.id());
                state.waiting.remove(container.getName());
                return null;
            }
            kubelet.events().normal(kubelet.containerReference(pod, container.getName(), false), "Killing",
                    "Container " + container.getName() + " failed " + failed.title.toLowerCase(java.util.Locale.ROOT)
                            + " probe, will be restarted");
            runtime.stopContainer(latest.id(), gracePeriod(pod));
            latest = runtime.containerStatus(latest.id()).orElse(null);
            if (latest == null) {
                return Duration.ZERO;
            }
        }
        if (latest == null) {
            ContainerStatus before = PodStatusBuilder.latest(all.getOrDefault(container.getName(), List.of()));
            if (before != null && before.state() == ContainerStatus.State.EXITED && !shouldRestart(policy, before)) {
                return null;  // it finished in an earlier sandbox and is not to run again
            }
            return start(pod, state, container, false, sandbox, before == null ? 0 : before.attempt() + 1, null, podIp);
        }
        if (latest.state() == ContainerStatus.State.EXITED) {
            return shouldRestart(policy, latest) ? restart(pod, state, container, false, sandbox, latest, podIp) : null;
        }
        return start(pod, state, container, false, sandbox, latest.attempt(), latest, podIp);  // created, never started
    }

    private static boolean shouldRestart(String policy, ContainerStatus exited) {
        return policy.equals("Always") || policy.equals("OnFailure") && exited.exitCode() != 0;
    }

    /** Whether a pod whose sandbox is gone has nothing left to run (restartPolicy Never/OnFailure, all done). */
    private boolean finished(Pod pod, Seen seen) {
        if (seen.sandboxes().isEmpty()) {
            return false;
        }
        String policy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
        if (policy.equals("Always")) {
            return false;
        }
        Map<String, List<ContainerStatus>> all = seen.byName(null);
        for (Container c : ContainerEnv.list(pod.getSpec().getContainers())) {
            ContainerStatus latest = PodStatusBuilder.latest(all.getOrDefault(c.getName(), List.of()));
            if (latest == null || latest.state() != ContainerStatus.State.EXITED || shouldRestart(policy, latest)) {
                return false;
            }
        }
        return true;
    }

    private SandboxStatus createSandbox(Pod pod, Seen seen) {
        SandboxStatus old = seen.latestSandbox();
        if (old != null) {
            kubelet.events().normal(kubelet.podReference(pod), "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            for (SandboxStatus s : seen.sandboxes()) {
                runtime.stopPodSandbox(s.id());
            }
        }
        int attempt = old == null ? 0 : old.pod().attempt() + 1;
        String id = runtime.runPodSandbox(sandboxConfig(pod, attempt));
        return runtime.podSandboxStatus(id)
                .orElseThrow(() -> new RuntimeOperationException("sandbox " + id + " vanished right after it was created"));
    }

    SandboxConfig sandboxConfig(Pod pod, int attempt) {
        Map<String, String> labels = new HashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.putAll(podLabels(pod));
        List<SandboxConfig.PortMapping> ports = new ArrayList<>();
        for (Container c : ContainerEnv.list(pod.getSpec().getContainers())) {
            for (ContainerPort port : ContainerEnv.list(c.getPorts())) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(new SandboxConfig.PortMapping(Objects.requireNonNullElse(port.getProtocol(), "TCP"),
                            port.getContainerPort(), port.getHostPort(), port.getHostIP()));
                }
            }
        }
        String hostname = pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : name(pod);
        return new SandboxConfig(new PodIdentity(namespace(pod), name(pod), pod.getMetadata().getUid(), attempt),
                hostname.length() > 63 ? hostname.substring(0, 63) : hostname, Boolean.TRUE.equals(pod.getSpec().getHostNetwork()),
                dnsConfig(pod), ports, labels, Map.of());
    }

    /** resolv.conf per dnsPolicy (ClusterFirst: the cluster DNS and the namespace's search path). */
    private SandboxConfig.DnsConfig dnsConfig(Pod pod) {
        String policy = Objects.requireNonNullElse(pod.getSpec().getDnsPolicy(), "ClusterFirst");
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        boolean clusterFirst = policy.equals("ClusterFirstWithHostNet") || policy.equals("ClusterFirst") && !hostNetwork;
        if (clusterFirst) {
            if (kubelet.options().clusterDns().isEmpty()) {
                if (kubelet.options().hollow()) {
                    return null;  // simulated pods resolve nothing: no warning per pod
                }
                kubelet.events().warning(kubelet.podReference(pod), "MissingClusterDNS", "kubelet does not have ClusterDNS IP "
                        + "configured and cannot create Pod using \"" + policy + "\" policy. Falling back to \"Default\" policy.");
            } else {
                String domain = kubelet.options().clusterDomain();
                servers.addAll(kubelet.options().clusterDns());
                searches.addAll(List.of(namespace(pod) + ".svc." + domain, "svc." + domain, domain));
                options.add("ndots:5");
            }
        }
        var custom = pod.getSpec().getDnsConfig();
        if (custom != null) {
            servers.addAll(ContainerEnv.list(custom.getNameservers()));
            searches.addAll(ContainerEnv.list(custom.getSearches()));
            ContainerEnv.list(custom.getOptions()).forEach(o -> options.add(o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue()));
        }
        if (servers.isEmpty() && searches.isEmpty() && options.isEmpty()) {
            return null;
        }
        return new SandboxConfig.DnsConfig(servers, searches, options);
    }

    /** A container that exited and may run again: after its back-off. */
    private Duration restart(Pod pod, PodState state, Container container, boolean init, SandboxStatus sandbox,
                             ContainerStatus exited, String podIp) {
        String key = pod.getMetadata().getUid() + "/" + container.getName();
        Instant failedAt = exited.finishedAt() != null ? exited.finishedAt() : Instant.now();
        Duration wait = restarts.remaining(key, failedAt, Instant.now());
        if (!wait.isZero()) {
            String podId = name(pod) + "_" + namespace(pod) + "(" + pod.getMetadata().getUid() + ")";
            state.waiting.put(container.getName(), new Waiting("CrashLoopBackOff", "back-off "
                    + RestartBackoff.format(restarts.current(key)) + " restarting failed container=" + container.getName()
                    + " pod=" + podId));
            kubelet.events().warning(kubelet.containerReference(pod, container.getName(), init), "BackOff",
                    "Back-off restarting failed container " + container.getName() + " in pod " + podId);
            return wait;
        }
        Duration ran = exited.startedAt() == null ? Duration.ZERO : Duration.between(exited.startedAt(), failedAt);
        restarts.restarted(key, failedAt, ran);
        return start(pod, state, container, init, sandbox, exited.attempt() + 1, null, podIp);
    }

    /**
     * Pulls the image if needed, creates and starts the container (or starts {@code created}); returns when to
     * look again if it could not.
     */
    private Duration start(Pod pod, PodState state, Container container, boolean init, SandboxStatus sandbox, int attempt,
                           ContainerStatus created, String podIp) {
        var reference = kubelet.containerReference(pod, container.getName(), init);
        String id;
        if (created != null && created.state() == ContainerStatus.State.CREATED) {
            id = created.id();
        } else {
            Duration pullWait = ensureImage(pod, state, container, init);
            if (pullWait != null) {
                return pullWait;
            }
            ContainerConfig config;
            try {
                config = containerConfig(pod, container, attempt, state, podIp);
            } catch (ConfigException e) {
                state.waiting.put(container.getName(), new Waiting("CreateContainerConfigError", e.getMessage()));
                kubelet.events().warning(reference, "Failed", "Error: " + e.getMessage());
                return CONFIG_RETRY;
            }
            try {
                id = runtime.createContainer(sandbox.id(), config);
            } catch (RuntimeOperationException e) {
                state.waiting.put(container.getName(), new Waiting("CreateContainerError", e.getMessage()));
                kubelet.events().warning(reference, "Failed", "Error: " + e.getMessage());
                return restartDelay(pod.getMetadata().getUid() + "/create/" + container.getName(), Instant.now());
            }
            kubelet.events().normal(reference, "Created", "Created container " + container.getName());
        }
        try {
            runtime.startContainer(id);
        } catch (RuntimeOperationException e) {
            state.waiting.put(container.getName(), new Waiting("RunContainerError", e.getMessage()));
            kubelet.events().warning(reference, "Failed", "Error: " + e.getMessage());
            runtime.removeContainer(id);
            return restartDelay(pod.getMetadata().getUid() + "/start/" + container.getName(), Instant.now());
        }
        kubelet.events().normal(reference, "Started", "Started container " + container.getName());
        state.waiting.remove(container.getName());
        return null;
    }

    private Duration restartDelay(String key, Instant failedAt) {
        restarts.restarted(key, failedAt, Duration.ZERO);
        return restarts.current(key);
    }

    /** Null when the image is there; else why not is in the pod state and the events, and when to retry. */
    private Duration ensureImage(Pod pod, PodState state, Container container, boolean init) {
        var reference = kubelet.containerReference(pod, container.getName(), init);
        String image = container.getImage();
        String policy = container.getImagePullPolicy() != null ? container.getImagePullPolicy() : defaultPullPolicy(image);
        boolean present = runtime.imageStatus(image).isPresent();
        if (policy.equals("Never") || present && policy.equals("IfNotPresent")) {
            if (present) {
                kubelet.events().normal(reference, "Pulled", "Container image \"" + image + "\" already present on machine");
                return null;
            }
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            state.waiting.put(container.getName(), new Waiting("ErrImageNeverPull", message));
            kubelet.events().warning(reference, "ErrImageNeverPull", message);
            kubelet.events().warning(reference, "Failed", "Error: ErrImageNeverPull");
            return CONFIG_RETRY;
        }
        String key = pod.getMetadata().getUid() + "/image/" + image;
        Instant failedAt = state.pullFailedAt.get(image);
        if (failedAt != null) {
            Duration wait = pulls.remaining(key, failedAt, Instant.now());
            if (!wait.isZero()) {
                state.waiting.put(container.getName(), new Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""));
                kubelet.events().normal(reference, "BackOff", "Back-off pulling image \"" + image + "\"");
                kubelet.events().warning(reference, "Failed", "Error: ImagePullBackOff");
                return wait;
            }
        }
        kubelet.events().normal(reference, "Pulling", "Pulling image \"" + image + "\"");
        long started = System.nanoTime();
        try {
            ImageInfo pulled = runtime.pullImage(image);
            state.pullFailedAt.remove(image);
            pulls.forgetPrefix(key);
            String took = seconds(System.nanoTime() - started);
            kubelet.events().normal(reference, "Pulled", "Successfully pulled image \"" + image + "\" in " + took
                    + " (" + took + " including waiting). Image size: " + pulled.sizeBytes() + " bytes.");
            return null;
        } catch (ImagePullException e) {
            Instant now = Instant.now();
            state.pullFailedAt.put(image, now);
            pulls.restarted(key, now, Duration.ZERO);
            state.waiting.put(container.getName(), new Waiting("ErrImagePull", e.getMessage()));
            kubelet.events().warning(reference, "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
            kubelet.events().warning(reference, "Failed", "Error: ErrImagePull");
            return Duration.ofSeconds(1);  // the next look shows ImagePullBackOff until the back-off ends
        }
    }

    /** The apiserver defaults this; static pods come without it: Always for :latest or no tag, else IfNotPresent. */
    static String defaultPullPolicy(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        if (last.contains("@")) {
            return "IfNotPresent";
        }
        return !last.contains(":") || last.endsWith(":latest") ? "Always" : "IfNotPresent";
    }

    /** A duration as Go prints it in Kubernetes' messages: 512ms, 1.234s. */
    static String seconds(long nanos) {
        if (nanos < 1_000_000_000L) {
            return Math.max(0, nanos / 1_000_000L) + "ms";
        }
        return String.format(java.util.Locale.ROOT, "%.3fs", nanos / 1e9);
    }

    private ContainerConfig containerConfig(Pod pod, Container container, int attempt, PodState state, String podIp)
            throws ConfigException {
        List<Service> services = kubelet.context().informers().informer(Service.class).getStore().list();
        List<ContainerConfig.EnvVar> env = ContainerEnv.build(pod, container, services, new ApiSource(kubelet), podIp,
                hostIp(), allocatable());
        List<ContainerConfig.Mount> mounts = Volumes.mounts(container, state.volumes == null ? Map.of() : state.volumes);
        Map<String, String> labels = new HashMap<>(podLabels(pod));
        labels.put(PodLabels.CONTAINER_NAME, container.getName());
        Map<String, String> annotations = Map.of("io.kubernetes.container.restartCount", String.valueOf(attempt));
        return new ContainerConfig(container.getName(), attempt, container.getImage(),
                ContainerEnv.expandAll(container.getCommand(), env), ContainerEnv.expandAll(container.getArgs(), env),
                container.getWorkingDir(), env, mounts, resources(container), Boolean.TRUE.equals(container.getStdin()),
                Boolean.TRUE.equals(container.getTty()), labels, annotations);
    }

    static ContainerConfig.Resources resources(Container container) {
        if (container.getResources() == null) {
            return ContainerConfig.Resources.NONE;
        }
        Map<String, Quantity> limits = Objects.requireNonNullElse(container.getResources().getLimits(), Map.of());
        Map<String, Quantity> requests = Objects.requireNonNullElse(container.getResources().getRequests(), Map.of());
        long cpuLimit = millis(limits.get("cpu"));
        long cpuRequest = requests.containsKey("cpu") ? millis(requests.get("cpu")) : cpuLimit;
        Quantity memory = limits.get("memory");
        return new ContainerConfig.Resources(cpuLimit, cpuRequest, memory == null ? 0 : memory.getNumericalAmount().longValue());
    }

    private static long millis(Quantity cpu) {
        return cpu == null ? 0 : cpu.getNumericalAmount().multiply(java.math.BigDecimal.valueOf(1000)).longValue();
    }

    private Map<String, String> podLabels(Pod pod) {
        return Map.of(PodLabels.POD_NAME, name(pod), PodLabels.POD_NAMESPACE, namespace(pod),
                PodLabels.POD_UID, pod.getMetadata().getUid(), PodLabels.NODE_NAME, kubelet.nodeName());
    }

    // ---- status ----

    private PodStatusBuilder.Observed observed(Pod pod, PodState state, Seen seen) {
        Set<String> notReady = new HashSet<>();
        Set<String> notStarted = new HashSet<>();
        for (ContainerStatus c : seen.containers()) {
            if (c.running()) {
                if (!kubelet.probes().ready(c.id())) {
                    notReady.add(c.name());
                }
                if (!kubelet.probes().started(c.id())) {
                    notStarted.add(c.name());
                }
            }
        }
        return new PodStatusBuilder.Observed(seen.latestSandbox(), seen.byName(null), Map.copyOf(state.waiting), notReady,
                notStarted, hostIp(), kubelet.runtimeName());
    }

    /** Computes the pod's status and writes it when it differs from what the API has; returns the phase. */
    private String writeStatus(Pod pod, PodState state, Seen seen) {
        Pod target = pod;
        if (kubelet.isStatic(pod.getMetadata().getUid())) {
            target = kubelet.mirrorPod(namespace(pod), name(pod));
            if (target == null) {
                return PodStatusBuilder.build(pod, observed(pod, state, seen), Instant.now()).getPhase();
            }
            pod = new PodBuilder(pod).withStatus(target.getStatus()).build();
        }
        PodStatus status = PodStatusBuilder.build(pod, observed(pod, state, seen), Instant.now());
        String targetUid = target.getMetadata().getUid();
        if (status.equals(target.getStatus()) || status.equals(state.lastWritten) && targetUid.equals(state.lastWrittenTo)) {
            return status.getPhase();
        }
        try {
            String json = kubelet.client().getKubernetesSerialization().asJson(Map.of("status", status));
            kubelet.client().pods().inNamespace(namespace(target)).withName(name(target)).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json);
            state.lastWritten = status;
            state.lastWrittenTo = targetUid;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("Pod {}/{}: writing its status failed: {}", namespace(target), name(target), e.getMessage());
                kubelet.enqueueAfter(pod.getMetadata().getUid(), Duration.ofSeconds(2));
            }
        }
        return status.getPhase();
    }

    // ---- termination ----

    /** Whether the node takes the pod; a refused pod fails with reason OutOfpods, as in Kubernetes. */
    private boolean admit(Pod pod, PodState state) {
        int used = kubelet.admit(pod.getMetadata().getUid());
        if (used < 0) {
            return true;
        }
        String message = "Node didn't have enough resource: pods, requested: 1, used: " + used + ", capacity: "
                + kubelet.options().maxPods();
        kubelet.events().warning(kubelet.podReference(pod), "OutOfpods", message);
        PodStatus status = new PodStatus();
        status.setPhase("Failed");
        status.setReason("OutOfpods");
        status.setMessage(message);
        status.setStartTime(PodStatusBuilder.time(Instant.now()));
        status.setHostIP(hostIp());
        try {
            String json = kubelet.client().getKubernetesSerialization().asJson(Map.of("status", status));
            kubelet.client().pods().inNamespace(namespace(pod)).withName(name(pod)).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json);
            state.lastWritten = status;
        } catch (KubernetesClientException e) {
            LOG.warn("Pod {}/{}: cannot mark it OutOfpods: {}", namespace(pod), name(pod), e.getMessage());
        }
        return false;
    }

    /** A pod marked for deletion: preStop hooks, stop containers with its grace period, then delete it for good. */
    private void terminate(Pod pod, PodState state, Seen seen) {
        if (!state.terminated) {
            Duration grace = gracePeriod(pod);
            Instant deadline = Instant.now().plus(grace);
            for (ContainerStatus container : seen.containers()) {
                if (!container.running()) {
                    continue;
                }
                Container spec = specOf(pod, container.name());
                if (spec != null) {
                    LifecycleHooks.preStop(kubelet, pod, spec, container.id(), deadline);
                }
                kubelet.events().normal(kubelet.containerReference(pod, container.name(), isInit(pod, container.name())),
                        "Killing", "Stopping container " + container.name());
                Duration left = Duration.between(Instant.now(), deadline);
                runtime.stopContainer(container.id(), left.isNegative() ? Duration.ZERO : left);
            }
            kubelet.probes().retain(pod.getMetadata().getUid(), Set.of());
            stopSandboxes(seen);
            kubelet.release(pod.getMetadata().getUid());
            state.terminated = true;
            writeStatus(pod, state, seen(pod.getMetadata().getUid()));
        }
        deleteFromApi(pod);
    }

    private static boolean isInit(Pod pod, String name) {
        return ContainerEnv.list(pod.getSpec().getInitContainers()).stream().anyMatch(c -> c.getName().equals(name));
    }

    private static Container specOf(Pod pod, String name) {
        List<Container> all = new ArrayList<>(ContainerEnv.list(pod.getSpec().getContainers()));
        all.addAll(ContainerEnv.list(pod.getSpec().getInitContainers()));
        return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    /** The grace period in force: the deletion's, else the pod's terminationGracePeriodSeconds, else 30 s. */
    static Duration gracePeriod(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }

    /** DELETE with grace period 0 and the pod's uid as precondition, so that a new pod of the same name survives. */
    private void deleteFromApi(Pod pod) {
        String body = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
                + "\"preconditions\":{\"uid\":\"" + pod.getMetadata().getUid() + "\"}}";
        int code = ApiCalls.delete(kubelet.client(), "api/v1/namespaces/" + namespace(pod) + "/pods/" + name(pod), body);
        if (code >= 300 && code != 404 && code != 409) {
            LOG.warn("Pod {}/{}: the final delete answered HTTP {}; retrying", namespace(pod), name(pod), code);
            kubelet.enqueueAfter(pod.getMetadata().getUid(), Duration.ofSeconds(2));
        }
    }

    private void stopSandboxes(Seen seen) {
        for (SandboxStatus sandbox : seen.sandboxes()) {
            if (sandbox.ready()) {
                runtime.stopPodSandbox(sandbox.id());
            }
        }
    }

    /** A pod this kubelet no longer has: stop and remove its containers, sandboxes and volumes. */
    private void cleanUp(String uid, Seen seen) {
        if (!seen.sandboxes().isEmpty() || !seen.containers().isEmpty()) {
            if (!kubelet.knowsAllPods()) {
                kubelet.enqueueAfter(uid, Duration.ofSeconds(2));
                return;
            }
            LOG.info("Node {}: removing the containers of pod {}, which is gone", kubelet.nodeName(), uid);
            for (ContainerStatus container : seen.containers()) {
                if (container.running()) {
                    runtime.stopContainer(container.id(), ORPHAN_STOP_GRACE);
                }
                runtime.removeContainer(container.id());
            }
            for (SandboxStatus sandbox : seen.sandboxes()) {
                runtime.stopPodSandbox(sandbox.id());
                runtime.removePodSandbox(sandbox.id());
            }
        }
        Pod mirror = kubelet.mirrorOf(uid);
        if (mirror != null) {
            MirrorPods.delete(kubelet, mirror);
        }
        kubelet.probes().retain(uid, Set.of());
        kubelet.volumes().remove(uid);
        restarts.forgetPrefix(uid + "/");
        pulls.forgetPrefix(uid + "/");
        kubelet.forgetState(uid);
    }

    /**
     * Keeps the latest {@value #KEPT_EXITED_PER_CONTAINER} containers per name (older exited ones are removed),
     * and removes replaced sandboxes once every container runs again in the new one (until then their
     * containers count the restarts and give the last state).
     */
    private void collectGarbage(Pod pod, Seen seen) {
        for (List<ContainerStatus> attempts : seen.byName(null).values()) {
            for (int i = 0; i < attempts.size() - KEPT_EXITED_PER_CONTAINER; i++) {
                ContainerStatus old = attempts.get(i);
                if (old.state() == ContainerStatus.State.EXITED) {
                    runtime.removeContainer(old.id());
                }
            }
        }
        SandboxStatus latest = seen.latestSandbox();
        if (latest == null || seen.sandboxes().size() < 2) {
            return;
        }
        Map<String, List<ContainerStatus>> inLatest = seen.byName(latest.id());
        boolean replaced = ContainerEnv.list(pod.getSpec().getContainers()).stream().allMatch(c -> inLatest.containsKey(c.getName()));
        if (replaced) {
            for (SandboxStatus old : seen.sandboxes()) {
                if (!old.id().equals(latest.id())) {
                    runtime.removePodSandbox(old.id());
                }
            }
        }
    }

    private void syncMirror(Pod staticPod) {
        MirrorPods.sync(kubelet, staticPod);
    }

    // ---- small helpers ----

    private String hostIp() {
        return kubelet.options().address();
    }

    private Map<String, Quantity> allocatable() {
        return kubelet.nodeAgent().capacity();
    }

    private static Duration earliest(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace();
    }
}
