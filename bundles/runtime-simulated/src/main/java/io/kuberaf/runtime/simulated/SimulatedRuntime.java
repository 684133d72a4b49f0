package io.kuberaf.runtime.simulated;

import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.ExecSession;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.RuntimeHealth;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.RuntimeVersion;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.api.runtime.StreamConnection;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A container runtime without processes, for hollow nodes and tests (KWOK / kubemark spirit). Sandboxes get
 * an IP from the pod CIDR; containers "run" as their command says ({@link Behaviour}: forever unless it is
 * {@code true}, {@code false}, {@code exit N} or {@code sleep N}); no thread runs per container, a container's
 * end is computed when someone looks.
 *
 * <p>Images are present, except those starting with the configured missing prefix ({@code missing/} by
 * default), which fail to pull. execSync answers exit 0 for {@code true}, 1 for {@code false}, N for
 * {@code exit N} (also inside {@code sh -c}), and 0 with no output for anything else. Logs are one synthetic
 * line per start. Interactive exec and port-forward are in-memory echo streams: what is written comes back.
 */
public final class SimulatedRuntime implements ContainerRuntime {

    public static final String NAME = "simulated";
    public static final String VERSION = "0.1.0";

    private final Settings settings;
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, ImageInfo> pulled = new ConcurrentHashMap<>();
    private volatile IpPool ips;

    public SimulatedRuntime(Settings settings) {
        this.settings = settings;
        this.ips = new IpPool(settings.defaultPodCidr());
    }

    @Override
    public RuntimeVersion version() {
        return new RuntimeVersion(NAME, VERSION);
    }

    @Override
    public RuntimeHealth health() {
        return RuntimeHealth.healthy();
    }

    @Override
    public void updatePodCidr(String podCidr) {
        if (podCidr.contains(":")) {
            return;  // IPv6 pod CIDRs are accepted and ignored: simulated sandboxes keep IPv4 addresses
        }
        ips = new IpPool(podCidr);
    }

    // ---- sandboxes ----

    @Override
    public String runPodSandbox(SandboxConfig config) {
        String id = newId();
        String ip = config.hostNetwork() ? null : ips.allocate();
        sandboxes.put(id, new Sandbox(id, config, Instant.now(), ip));
        return id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        synchronized (sandbox) {
            if (sandbox.ready) {
                sandbox.ready = false;
                ips.release(sandbox.ip);
            }
        }
        containers.values().stream().filter(c -> c.sandboxId.equals(sandboxId)).forEach(c -> c.kill(137));
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        stopPodSandbox(sandboxId);
        containers.values().removeIf(c -> c.sandboxId.equals(sandboxId));
        sandboxes.remove(sandboxId);
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(Sandbox::status);
    }

    @Override
    public List<SandboxStatus> listPodSandboxes() {
        return sandboxes.values().stream().map(Sandbox::status).toList();
    }

    // ---- images ----

    @Override
    public ImageInfo pullImage(String image) {
        if (missing(image)) {
            throw new ImagePullException("rpc error: code = NotFound desc = failed to pull and unpack image \"" + image
                    + "\": simulated runtime: images starting with \"" + settings.missingImagePrefix() + "\" cannot be pulled");
        }
        return pulled.computeIfAbsent(image, SimulatedRuntime::info);
    }

    @Override
    public Optional<ImageInfo> imageStatus(String image) {
        return missing(image) ? Optional.empty() : Optional.of(pulled.computeIfAbsent(image, SimulatedRuntime::info));
    }

    @Override
    public List<ImageInfo> listImages() {
        return List.copyOf(pulled.values());
    }

    @Override
    public void removeImage(String image) {
        pulled.remove(image);
    }

    @Override
    public List<ImageInfo> importImages(InputStream archive) {
        List<ImageInfo> images = ImageArchive.read(archive);
        for (ImageInfo image : images) {
            image.repoTags().forEach(tag -> pulled.put(tag, image));
        }
        return images;
    }

    private boolean missing(String image) {
        return !settings.missingImagePrefix().isEmpty() && image.startsWith(settings.missingImagePrefix());
    }

    private static ImageInfo info(String image) {
        return new ImageInfo("sha256:" + sha256(image), List.of(image), 1_000_000);
    }

    // ---- containers ----

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null || !sandbox.ready) {
            throw new RuntimeOperationException("sandbox " + sandboxId + " is not ready");
        }
        if (missing(config.image())) {
            throw new RuntimeOperationException("image \"" + config.image() + "\" is not present");
        }
        String id = newId();
        containers.put(id, new Container(id, sandboxId, config, Behaviour.of(config.command(), config.args()),
                "sha256:" + sha256(config.image())));
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        Container container = existing(containerId);
        if (!settings.startDelay().isZero()) {
            try {
                Thread.sleep(settings.startDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeOperationException("interrupted while starting container " + containerId);
            }
        }
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw new RuntimeOperationException("simulated start failure of container " + container.config.name()
                    + " (failure rate " + settings.failureRate() + ")");
        }
        container.start();
    }

    @Override
    public void stopContainer(String containerId, Duration gracePeriod) {
        Container container = containers.get(containerId);
        if (container != null) {
            container.kill(143);  // as if the process exited on SIGTERM
        }
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(Container::status);
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        List<ContainerStatus> result = new ArrayList<>();
        for (Container c : containers.values()) {
            if (sandboxId == null || sandboxId.equals(c.sandboxId)) {
                result.add(c.status());
            }
        }
        return result;
    }

    /** What a container was created with (its expanded command, environment, mounts): for tests and diagnosis. */
    public Optional<ContainerConfig> containerConfig(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.config);
    }

    /** What a sandbox was created with (its DNS settings, port mappings, labels): for tests and diagnosis. */
    public Optional<SandboxConfig> sandboxConfig(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(s -> s.config);
    }

    // ---- streams ----

    @Override
    public InputStream logs(String containerId, LogOptions options) {
        Container container = existing(containerId);
        return new ByteArrayInputStream(container.log().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        Container container = existing(containerId);
        if (!container.status().running()) {
            throw new RuntimeOperationException("container " + containerId + " is not running");
        }
        Behaviour behaviour = Behaviour.of(command, List.of());
        return new ExecResult(behaviour == Behaviour.FOREVER ? 0 : behaviour.exitCode(), "", "", false);
    }

    @Override
    public ExecSession exec(String containerId, ExecRequest request) {
        existing(containerId);
        return new EchoSession();
    }

    @Override
    public StreamConnection portForward(String sandboxId, int port) {
        if (!sandboxes.containsKey(sandboxId)) {
            throw new RuntimeOperationException("no sandbox " + sandboxId);
        }
        EchoSession echo = new EchoSession();
        return new StreamConnection() {
            @Override
            public InputStream input() {
                return echo.stdout();
            }

            @Override
            public java.io.OutputStream output() {
                return echo.stdin();
            }

            @Override
            public void close() {
                echo.close();
            }
        };
    }

    private Container existing(String containerId) {
        Container container = containers.get(containerId);
        if (container == null) {
            throw new RuntimeOperationException("no such container: " + containerId);
        }
        return container;
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A simulated pod sandbox. */
    private static final class Sandbox {
        final String id;
        final SandboxConfig config;
        final Instant createdAt;
        final String ip;
        volatile boolean ready = true;

        Sandbox(String id, SandboxConfig config, Instant createdAt, String ip) {
            this.id = id;
            this.config = config;
            this.createdAt = createdAt;
            this.ip = ip;
        }

        SandboxStatus status() {
            return new SandboxStatus(id, config.pod(), ready ? SandboxStatus.State.READY : SandboxStatus.State.NOTREADY,
                    createdAt, ready ? ip : null, config.labels(), config.annotations());
        }
    }

    /** A simulated container: its state follows from when it started and its {@link Behaviour}. */
    private static final class Container {
        final String id;
        final String sandboxId;
        final ContainerConfig config;
        final Behaviour behaviour;
        final String imageRef;
        final Instant createdAt = Instant.now();
        Instant startedAt;
        Instant killedAt;
        int killCode;

        Container(String id, String sandboxId, ContainerConfig config, Behaviour behaviour, String imageRef) {
            this.id = id;
            this.sandboxId = sandboxId;
            this.config = config;
            this.behaviour = behaviour;
            this.imageRef = imageRef;
        }

        synchronized void start() {
            if (startedAt == null) {
                startedAt = Instant.now();
            }
        }

        synchronized void kill(int exitCode) {
            if (startedAt != null && killedAt == null && naturalEnd() == null) {
                killedAt = Instant.now();
                killCode = exitCode;
            } else if (startedAt == null && killedAt == null) {
                startedAt = Instant.now();
                killedAt = startedAt;
                killCode = exitCode;
            }
        }

        /** When it ended by itself, if it has by now. */
        private Instant naturalEnd() {
            if (startedAt == null || behaviour.runFor() == null) {
                return null;
            }
            Instant end = startedAt.plus(behaviour.runFor());
            return end.isAfter(Instant.now()) || killedAt != null && killedAt.isBefore(end) ? null : end;
        }

        synchronized String log() {
            return startedAt == null ? "" : startedAt + " simulated container " + config.name() + " started (attempt "
                    + config.attempt() + ", image " + config.image() + ")\n";
        }

        synchronized ContainerStatus status() {
            ContainerStatus.State state;
            Instant finishedAt = null;
            int exitCode = 0;
            String reason = null;
            Instant natural = naturalEnd();
            if (startedAt == null) {
                state = ContainerStatus.State.CREATED;
            } else if (killedAt != null) {
                state = ContainerStatus.State.EXITED;
                finishedAt = killedAt;
                exitCode = killCode;
            } else if (natural != null) {
                state = ContainerStatus.State.EXITED;
                finishedAt = natural;
                exitCode = behaviour.exitCode();
            } else {
                state = ContainerStatus.State.RUNNING;
            }
            if (state == ContainerStatus.State.EXITED) {
                reason = exitCode == 0 ? "Completed" : "Error";
            }
            return new ContainerStatus(id, sandboxId, config.name(), config.attempt(), state, config.image(), imageRef,
                    createdAt, startedAt, finishedAt, exitCode, reason, "", config.labels(), config.annotations());
        }
    }
}
