package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.ExecSession;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.RuntimeHealth;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.RuntimeVersion;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.api.runtime.StreamConnection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ContainerRuntime} over the Docker Engine API. A sandbox is a pause container on the pod
 * network (a Docker bridge whose subnet is the node's pod CIDR); a pod's containers join its network
 * and IPC namespaces ({@code container:<pause id>}), as Kubernetes' dockershim did. Everything is
 * labelled so that a new instance finds and adopts what an earlier one created.
 */
@Component(service = ContainerRuntime.class, configurationPid = "io.kuberaf.runtime.docker",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = ContainerRuntime.NAME_PROPERTY + "=docker")
@Designate(ocd = DockerRuntimeConfig.class)
public class DockerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    private static final String OLDEST_API = DockerApi.API_VERSION;
    /** CFS period for CPU limits (Kubernetes' default): quota = millicores * period / 1000. */
    private static final long CPU_PERIOD_MICROS = 100_000;
    private static final long MIN_CPU_QUOTA_MICROS = 1_000;
    private static final long MIN_CPU_SHARES = 2;

    private Settings settings;
    private DockerApi api;
    private DockerLabels labels;
    private Inspections inspections;
    private PodNetwork network;
    private DockerImages images;
    private DockerStreams streams;
    private ExecutorService pumps;
    private ScheduledExecutorService timer;

    @Activate
    void activate(DockerRuntimeConfig config) {
        start(Settings.from(config));
    }

    /** Starts with plain settings (the OSGi activation and the tests). */
    void start(Settings settings) {
        this.settings = settings;
        api = new DockerApi(settings.socket(), settings.apiTimeout());
        labels = new DockerLabels(api.json());
        inspections = new Inspections(labels);
        network = new PodNetwork(api, settings.networkName(), settings.podCidr());
        images = new DockerImages(api, settings.pullTimeout(), settings.allowedRegistries());
        pumps = Executors.newCachedThreadPool(daemonThreads("kuberaf-docker-stream-"));
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("kuberaf-docker-timer-"));
        streams = new DockerStreams(api, pumps, timer, settings.apiTimeout());
        checkApiVersion();
    }

    @Deactivate
    void stop() {
        if (api != null) {
            api.close();
            pumps.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** Logs rather than fails: the daemon may come up later, health() tells the kubelet meanwhile. */
    private void checkApiVersion() {
        try {
            JsonNode version = api.json().readTree(api.getUnversioned("/version"));
            String apiVersion = version.path("ApiVersion").asText("0");
            if (compareVersions(apiVersion, OLDEST_API) < 0) {
                LOG.error("Docker on {} speaks API {}; Kuberaf needs {} (Docker 20.10) or later",
                        settings.socket(), apiVersion, OLDEST_API);
            } else {
                LOG.info("Docker {} on {} (API {}; Kuberaf uses {})", version.path("Version").asText(),
                        settings.socket(), apiVersion, DockerApi.API_VERSION);
            }
        } catch (Exception e) {
            LOG.warn("Docker is not reachable on {} yet: {}", settings.socket(), e.getMessage());
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int diff = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (diff != 0) {
                return diff;
            }
        }
        return 0;
    }

    PodNetwork network() {
        return network;
    }

    @Override
    public RuntimeVersion version() {
        try {
            JsonNode version = api.json().readTree(api.getUnversioned("/version"));
            return new RuntimeVersion("docker", version.path("Version").asText());
        } catch (IOException e) {
            throw new RuntimeOperationException("Docker GET /version answered with unreadable JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public RuntimeHealth health() {
        try {
            String pong = api.getUnversioned("/_ping");
            return "OK".equals(pong.trim()) ? RuntimeHealth.healthy()
                    : RuntimeHealth.unhealthy("Docker on " + settings.socket() + " answered /_ping with " + pong);
        } catch (RuntimeOperationException e) {
            return RuntimeHealth.unhealthy(e.getMessage());
        }
    }

    @Override
    public void updatePodCidr(String podCidr) {
        network.updatePodCidr(podCidr);
    }

    // ---- sandboxes ----

    @Override
    public String runPodSandbox(SandboxConfig config) {
        requirePauseImage();
        if (!config.hostNetwork()) {
            network.ensure();
        }
        PodIdentity pod = config.pod();
        String name = "k8s_POD_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + pod.attempt();
        String id = api.post("/containers/create" + DockerApi.query(Map.of("name", name)), sandboxBody(config))
                .path("Id").asText();
        try {
            api.post("/containers/" + id + "/start", null);
            if (config.dns() != null && !config.hostNetwork()) {
                writeResolvConf(id, config.dns());
            }
        } catch (RuntimeOperationException e) {
            removeQuietly(id);
            throw new RuntimeOperationException("cannot start the sandbox of pod " + pod.namespace() + "/" + pod.name()
                    + ": " + e.getMessage(), e);
        }
        LOG.debug("Sandbox {} of pod {}/{} started", id, pod.namespace(), pod.name());
        return id;
    }

    /**
     * On a user-defined network Docker points resolv.conf at its embedded DNS (127.0.0.11), which
     * would also answer Docker's container names. Pods must see the cluster DNS itself, so the
     * sandbox's resolv.conf (which its containers share) is rewritten, as Kubernetes' dockershim did.
     */
    private void writeResolvConf(String sandboxId, SandboxConfig.DnsConfig dns) {
        String path = api.get("/containers/" + sandboxId + "/json").path("ResolvConfPath").asText("");
        StringBuilder text = new StringBuilder();
        dns.servers().forEach(server -> text.append("nameserver ").append(server).append('\n'));
        if (!dns.searches().isEmpty()) {
            text.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        if (!dns.options().isEmpty()) {
            text.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        try {
            Files.writeString(Path.of(path), text.toString());
        } catch (IOException | RuntimeException e) {
            throw new RuntimeOperationException("cannot write the pod's resolv.conf at \"" + path + "\" (the Docker runtime must run on"
                    + " the Docker host, as root): " + e, e);
        }
    }

    private void requirePauseImage() {
        if (images.status(settings.pauseImage()).isPresent()) {
            return;
        }
        try {
            images.pull(settings.pauseImage());
        } catch (ImagePullException e) {
            throw new RuntimeOperationException("the sandbox image " + settings.pauseImage() + " is missing and cannot be pulled ("
                    + e.getMessage() + "); build it with examples/images/build.sh or set pause.image", e);
        }
    }

    private Map<String, Object> sandboxBody(SandboxConfig config) {
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", config.hostNetwork() ? "host" : network.name());
        hostConfig.put("IpcMode", "shareable");
        if (config.dns() != null) {
            hostConfig.put("Dns", config.dns().servers());
            hostConfig.put("DnsSearch", config.dns().searches());
            hostConfig.put("DnsOptions", config.dns().options());
        }
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        for (SandboxConfig.PortMapping mapping : config.portMappings()) {
            String port = mapping.containerPort() + "/" + protocol(mapping.protocol());
            exposed.put(port, Map.of());
            if (mapping.hostPort() > 0) {
                String hostIp = mapping.hostIp() == null ? "" : mapping.hostIp();
                bindings.computeIfAbsent(port, p -> new ArrayList<>())
                        .add(Map.of("HostIp", hostIp, "HostPort", Integer.toString(mapping.hostPort())));
            }
        }
        hostConfig.put("PortBindings", bindings);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", settings.pauseImage());
        if (!config.hostNetwork() && config.hostname() != null && !config.hostname().isEmpty()) {
            body.put("Hostname", config.hostname());
        }
        body.put("Labels", labels.sandbox(config.pod(), config.labels(), config.annotations()));
        body.put("ExposedPorts", exposed);
        body.put("HostConfig", hostConfig);
        return body;
    }

    private static String protocol(String protocol) {
        return protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        Optional<JsonNode> sandbox = inspect(sandboxId).filter(Inspections::isSandbox);
        if (sandbox.isEmpty()) {
            return;
        }
        for (String containerId : containerIds(sandboxId)) {
            stopQuietly(containerId, Duration.ZERO);
        }
        stopQuietly(sandboxId, Duration.ZERO);
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        for (String containerId : containerIds(sandboxId)) {
            removeContainer(containerId);
        }
        if (inspect(sandboxId).filter(Inspections::isSandbox).isPresent()) {
            removeContainer(sandboxId);
        }
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        return inspect(sandboxId).filter(Inspections::isSandbox).map(inspections::sandbox);
    }

    @Override
    public List<SandboxStatus> listPodSandboxes() {
        List<SandboxStatus> sandboxes = new ArrayList<>();
        for (String id : listIds(Map.of(DockerLabels.TYPE, DockerLabels.TYPE_SANDBOX))) {
            podSandboxStatus(id).ifPresent(sandboxes::add);
        }
        return sandboxes;
    }

    // ---- images ----

    @Override
    public ImageInfo pullImage(String image) {
        return images.pull(image);
    }

    @Override
    public Optional<ImageInfo> imageStatus(String image) {
        return images.status(image);
    }

    @Override
    public List<ImageInfo> listImages() {
        return images.list();
    }

    @Override
    public void removeImage(String image) {
        images.remove(image);
    }

    @Override
    public List<ImageInfo> importImages(InputStream archive) {
        return images.load(archive);
    }

    // ---- containers ----

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        JsonNode sandbox = inspect(sandboxId).filter(Inspections::isSandbox)
                .orElseThrow(() -> new RuntimeOperationException("cannot create container " + config.name()
                        + ": sandbox " + sandboxId + " does not exist"));
        if (!sandbox.path("State").path("Running").asBoolean(false)) {
            throw new RuntimeOperationException("cannot create container " + config.name() + ": sandbox " + sandboxId
                    + " is not running");
        }
        String pauseId = sandbox.path("Id").asText();
        PodIdentity pod = DockerLabels.pod(Inspections.dockerLabels(sandbox));
        String name = "k8s_" + config.name() + "_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + config.attempt();
        Map<String, Object> body = containerBody(pauseId, pod, config);
        try {
            return api.post("/containers/create" + DockerApi.query(Map.of("name", name)), body).path("Id").asText();
        } catch (DockerApiException e) {
            throw new RuntimeOperationException("cannot create container " + config.name() + " of pod "
                    + pod.namespace() + "/" + pod.name() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> containerBody(String pauseId, PodIdentity pod, ContainerConfig config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", config.image());
        // Kubernetes' command replaces the image's entrypoint (and with it the image's cmd); args replace cmd.
        if (!config.command().isEmpty()) {
            body.put("Entrypoint", config.command());
        }
        if (!config.args().isEmpty()) {
            body.put("Cmd", config.args());
        }
        body.put("Env", config.env().stream().map(e -> e.name() + "=" + e.value()).toList());
        if (config.workingDir() != null && !config.workingDir().isEmpty()) {
            body.put("WorkingDir", config.workingDir());
        }
        body.put("Labels", labels.container(pod, pauseId, config.name(), config.attempt(), config.labels(), config.annotations()));
        body.put("OpenStdin", config.stdin());
        body.put("AttachStdin", false);
        body.put("Tty", config.tty());
        body.put("HostConfig", containerHostConfig(pauseId, config));
        return body;
    }

    private static Map<String, Object> containerHostConfig(String pauseId, ContainerConfig config) {
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", "container:" + pauseId);
        hostConfig.put("IpcMode", "container:" + pauseId);
        hostConfig.put("Binds", config.mounts().stream()
                .map(m -> m.hostPath() + ":" + m.containerPath() + (m.readOnly() ? ":ro" : "")).toList());
        ContainerConfig.Resources resources = config.resources();
        if (resources.cpuMillis() > 0) {
            hostConfig.put("CpuPeriod", CPU_PERIOD_MICROS);
            hostConfig.put("CpuQuota", Math.max(MIN_CPU_QUOTA_MICROS, resources.cpuMillis() * CPU_PERIOD_MICROS / 1000));
        }
        if (resources.cpuRequestMillis() > 0) {
            hostConfig.put("CpuShares", Math.max(MIN_CPU_SHARES, resources.cpuRequestMillis() * 1024 / 1000));
        }
        if (resources.memoryBytes() > 0) {
            hostConfig.put("Memory", resources.memoryBytes());
            hostConfig.put("MemorySwap", resources.memoryBytes()); // no swap on top of the limit
        }
        return hostConfig;
    }

    @Override
    public void startContainer(String containerId) {
        api.post("/containers/" + containerId + "/start", null);
    }

    @Override
    public void stopContainer(String containerId, Duration gracePeriod) {
        long seconds = Math.max(0, (gracePeriod.toMillis() + 999) / 1000);
        try {
            api.post("/containers/" + containerId + "/stop" + DockerApi.query(Map.of("t", seconds)), null,
                    Duration.ofSeconds(seconds));
        } catch (DockerApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    @Override
    public void removeContainer(String containerId) {
        try {
            api.delete("/containers/" + containerId + DockerApi.query(Map.of("force", 1, "v", 1)));
        } catch (DockerApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return inspect(containerId).filter(Inspections::isContainer).map(inspections::container);
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        List<ContainerStatus> containers = new ArrayList<>();
        List<String> ids = sandboxId == null ? listIds(Map.of(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER)) : containerIds(sandboxId);
        for (String id : ids) {
            containerStatus(id).ifPresent(containers::add);
        }
        return containers;
    }

    // ---- streams ----

    @Override
    public InputStream logs(String containerId, LogOptions options) {
        return streams.logs(requireContainer(containerId), options);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return streams.execSync(containerId, command, timeout);
    }

    @Override
    public ExecSession exec(String containerId, ExecRequest request) {
        return streams.exec(requireContainer(containerId), request);
    }

    @Override
    public StreamConnection portForward(String sandboxId, int port) {
        JsonNode sandbox = inspect(sandboxId).filter(Inspections::isSandbox)
                .orElseThrow(() -> new RuntimeOperationException("cannot forward port " + port + ": sandbox " + sandboxId
                        + " does not exist"));
        String ip = Inspections.hostNetwork(sandbox) ? "127.0.0.1" : Inspections.ip(sandbox);
        if (ip == null) {
            throw new RuntimeOperationException("cannot forward port " + port + ": sandbox " + sandboxId + " has no IP (not running)");
        }
        return streams.portForward(ip, port);
    }

    // ---- helpers ----

    private JsonNode requireContainer(String containerId) {
        return inspect(containerId).orElseThrow(() -> new RuntimeOperationException("container " + containerId
                + " does not exist"));
    }

    private Optional<JsonNode> inspect(String id) {
        try {
            return Optional.of(api.get("/containers/" + id + "/json"));
        } catch (DockerApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<String> containerIds(String sandboxId) {
        return listIds(Map.of(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER, DockerLabels.SANDBOX_ID, sandboxId));
    }

    /** Ids of every container (running or not) carrying all these labels. */
    private List<String> listIds(Map<String, String> labelFilter) {
        List<String> filter = labelFilter.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        String filters;
        try {
            filters = api.json().writeValueAsString(Map.of("label", filter));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode container : api.get("/containers/json" + DockerApi.query(Map.of("all", 1, "filters", filters)))) {
            ids.add(container.path("Id").asText());
        }
        return ids;
    }

    private void stopQuietly(String containerId, Duration grace) {
        try {
            stopContainer(containerId, grace);
        } catch (RuntimeOperationException e) {
            LOG.warn("Cannot stop container {}: {}", containerId, e.getMessage());
        }
    }

    private void removeQuietly(String containerId) {
        try {
            removeContainer(containerId);
        } catch (RuntimeOperationException e) {
            LOG.warn("Cannot remove container {}: {}", containerId, e.getMessage());
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
