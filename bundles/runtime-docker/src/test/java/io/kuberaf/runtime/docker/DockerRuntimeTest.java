package io.kuberaf.runtime.docker;

import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.ExecSession;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.api.runtime.StreamConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Against the machine's real dockerd (socket /var/run/docker.sock, or DOCKER_SOCKET). Everything runs
 * on a network of its own (kuberaf-rt-test, 10.244.250.0/24) with pod UIDs starting with
 * {@value #UID_PREFIX}, and is removed afterwards (leftovers of a crashed run at the start).
 */
class DockerRuntimeTest {

    static final String UID_PREFIX = "kuberaf-rt-test-";
    static final String NETWORK = "kuberaf-rt-test";
    static final String CIDR = "10.244.250.0/24";
    static final String BUSYBOX = "kuberaf/busybox:latest";
    static final Path SOCKET = Path.of(System.getenv().getOrDefault("DOCKER_SOCKET", "/var/run/docker.sock"));

    static DockerRuntime runtime;
    static final List<String> sandboxes = new ArrayList<>();

    @BeforeAll
    static void startRuntime() throws Exception {
        if (!Files.exists(SOCKET)) {
            fail("These tests need a running Docker daemon: no socket at " + SOCKET
                    + " (start dockerd, as .ci/run does, or set DOCKER_SOCKET)");
        }
        runtime = newRuntime();
        assertTrue(runtime.health().ready(), "Docker on " + SOCKET + " does not answer /_ping: " + runtime.health().message());
        ensureImages(runtime);
        removeLeftovers();
    }

    static DockerRuntime newRuntime() {
        DockerRuntime runtime = new DockerRuntime();
        runtime.start(new Settings(SOCKET, NETWORK, CIDR, "kuberaf/pause:3.9", Duration.ofSeconds(30), Duration.ofSeconds(20)));
        return runtime;
    }

    /** The images come from examples/images/build.sh (no registry is reachable). */
    static void ensureImages(DockerRuntime runtime) throws Exception {
        if (runtime.imageStatus(BUSYBOX).isPresent() && runtime.imageStatus("kuberaf/pause:3.9").isPresent()) {
            return;
        }
        Path script = Path.of("../../examples/images/build.sh").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(script), "the test images are missing and " + script + " is not there to build them");
        Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(5, TimeUnit.MINUTES) && build.exitValue() == 0, "examples/images/build.sh failed:\n" + output);
        assertTrue(runtime.imageStatus(BUSYBOX).isPresent(), "build.sh did not make " + BUSYBOX + ":\n" + output);
    }

    static void removeLeftovers() {
        for (SandboxStatus sandbox : runtime.listPodSandboxes()) {
            if (sandbox.pod().uid().startsWith(UID_PREFIX)) {
                runtime.removePodSandbox(sandbox.id());
            }
        }
    }

    @AfterAll
    static void cleanUp() {
        if (runtime == null) {
            return;
        }
        try {
            for (String id : sandboxes) {
                runtime.stopPodSandbox(id);
                runtime.removePodSandbox(id);
            }
            removeLeftovers();
            runtime.network().remove();
        } finally {
            runtime.stop();
        }
    }

    // ---- helpers ----

    static String sandbox(String name, SandboxConfig.DnsConfig dns, List<SandboxConfig.PortMapping> ports) {
        PodIdentity pod = new PodIdentity("test", name, UID_PREFIX + UUID.randomUUID(), 0);
        String id = runtime.runPodSandbox(new SandboxConfig(pod, name, false, dns, ports,
                Map.of(PodLabels.POD_NAME, name, "app", name), Map.of("kuberaf.io/note", "made by " + name)));
        sandboxes.add(id);
        return id;
    }

    static String sandbox(String name) {
        return sandbox(name, null, List.of());
    }

    static ContainerConfig container(String name, List<String> command) {
        return container(name, command, ContainerConfig.Resources.NONE, false);
    }

    static ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources, boolean stdin) {
        return new ContainerConfig(name, 0, BUSYBOX, command, List.of(), null,
                List.of(new ContainerConfig.EnvVar("GREETING", "hello")), List.of(), resources, stdin, false,
                Map.of(PodLabels.CONTAINER_NAME, name), Map.of("kuberaf.io/restart", "0"));
    }

    static String run(String sandboxId, ContainerConfig config) {
        String id = runtime.createContainer(sandboxId, config);
        runtime.startContainer(id);
        return id;
    }

    static ContainerStatus awaitExit(String containerId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ContainerStatus status = runtime.containerStatus(containerId).orElseThrow();
            if (status.state() == ContainerStatus.State.EXITED) {
                return status;
            }
            Thread.sleep(50);
        }
        fail("container " + containerId + " did not exit within 30 s");
        return null;
    }

    static String readUntil(InputStream in, String wanted) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!seen.toString().contains(wanted)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    // ---- tests ----

    @Test
    void sandboxGetsAnAddressInThePodCidrAndKeepsItsLabels() {
        long started = System.nanoTime();
        String sandboxId = sandbox("web");
        long sandboxDone = System.nanoTime();
        String containerId = run(sandboxId, container("main", List.of("sleep", "3600")));
        long containerDone = System.nanoTime();
        System.out.printf("create+start: sandbox %d ms, container %d ms, together %d ms%n",
                (sandboxDone - started) / 1_000_000, (containerDone - sandboxDone) / 1_000_000, (containerDone - started) / 1_000_000);

        SandboxStatus status = runtime.podSandboxStatus(sandboxId).orElseThrow();
        assertTrue(status.ready());
        assertNotNull(status.ip(), "a running sandbox has an IP");
        assertTrue(PodNetwork.Cidr.parse(CIDR).contains(status.ip()), status.ip() + " is not in " + CIDR);
        assertEquals("web", status.pod().name());
        assertEquals("test", status.pod().namespace());
        assertTrue(status.pod().uid().startsWith(UID_PREFIX));
        assertEquals(Map.of(PodLabels.POD_NAME, "web", "app", "web"), status.labels());
        assertEquals(Map.of("kuberaf.io/note", "made by web"), status.annotations());
        assertNotNull(status.createdAt());

        ContainerStatus container = runtime.containerStatus(containerId).orElseThrow();
        assertEquals(ContainerStatus.State.RUNNING, container.state());
        assertEquals(sandboxId, container.sandboxId());
        assertEquals("main", container.name());
        assertEquals(BUSYBOX, container.image());
        assertTrue(container.imageRef().startsWith("sha256:"), container.imageRef());
        assertEquals(runtime.imageStatus(BUSYBOX).orElseThrow().id(), container.imageRef());
        assertNotNull(container.startedAt());
        assertNull(container.finishedAt());
        assertEquals(Map.of(PodLabels.CONTAINER_NAME, "main"), container.labels());
        assertEquals(Map.of("kuberaf.io/restart", "0"), container.annotations());
        assertEquals(List.of(containerId), runtime.listContainers(sandboxId).stream().map(ContainerStatus::id).toList());

        runtime.stopPodSandbox(sandboxId);
        assertFalse(runtime.podSandboxStatus(sandboxId).orElseThrow().ready());
        assertNull(runtime.podSandboxStatus(sandboxId).orElseThrow().ip());
        assertEquals(ContainerStatus.State.EXITED, runtime.containerStatus(containerId).orElseThrow().state());
        runtime.removePodSandbox(sandboxId);
        assertEquals(Optional.empty(), runtime.podSandboxStatus(sandboxId));
        assertEquals(Optional.empty(), runtime.containerStatus(containerId));
        runtime.removePodSandbox(sandboxId); // idempotent
    }

    @Test
    void containersShareTheSandboxsNetworkHostnameAndDns() {
        SandboxConfig.DnsConfig dns = new SandboxConfig.DnsConfig(List.of("10.96.0.10"),
                List.of("test.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5"));
        String sandboxId = sandbox("dns-pod", dns, List.of());
        String containerId = run(sandboxId, container("main", List.of("sleep", "3600")));
        String ip = runtime.podSandboxStatus(sandboxId).orElseThrow().ip();

        ExecResult hostname = runtime.execSync(containerId, List.of("hostname"), Duration.ofSeconds(10));
        assertEquals(0, hostname.exitCode());
        assertEquals("dns-pod", hostname.stdout().trim());

        ExecResult resolv = runtime.execSync(containerId, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(10));
        assertTrue(resolv.stdout().contains("nameserver 10.96.0.10"), resolv.stdout());
        assertTrue(resolv.stdout().contains("search test.svc.cluster.local svc.cluster.local"), resolv.stdout());
        assertTrue(resolv.stdout().contains("ndots:5"), resolv.stdout());

        ExecResult addresses = runtime.execSync(containerId, List.of("ip", "-4", "addr"), Duration.ofSeconds(10));
        assertTrue(addresses.stdout().contains("inet " + ip + "/24"), "the container sees the sandbox's IP " + ip + ":\n" + addresses.stdout());

        ExecResult env = runtime.execSync(containerId, List.of("sh", "-c", "echo $GREETING; echo oops >&2; exit 4"), Duration.ofSeconds(10));
        assertEquals(4, env.exitCode());
        assertEquals("hello\n", env.stdout());
        assertEquals("oops\n", env.stderr());
        assertFalse(env.timedOut());
    }

    @Test
    void execSyncGivesUpAtItsTimeout() {
        String containerId = run(sandbox("slow-probe"), container("main", List.of("sleep", "3600")));
        ExecResult result = runtime.execSync(containerId, List.of("sleep", "30"), Duration.ofMillis(500));
        assertTrue(result.timedOut());
    }

    @Test
    void logsTailAndFollow() throws Exception {
        String containerId = run(sandbox("logger"), container("main", List.of("sh", "-c",
                // Docker copies stdout and stderr separately: the pauses keep the order of lines testable.
                "for i in 1 2 3 4 5; do echo line$i; done; sleep 1; echo problem >&2; sleep 1; echo late; sleep 3600")));
        try (InputStream follow = runtime.logs(containerId, new LogOptions(true, -1, null, false, 0))) {
            String seen = readUntil(follow, "late\n");
            assertEquals("line1\nline2\nline3\nline4\nline5\nproblem\nlate\n", seen);
        }
        try (InputStream tail = runtime.logs(containerId, new LogOptions(false, 2, null, false, 0))) {
            assertEquals("problem\nlate\n", new String(tail.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream stamped = runtime.logs(containerId, new LogOptions(false, 1, null, true, 0))) {
            String line = new String(stamped.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z late\\n"), line);
        }
        try (InputStream limited = runtime.logs(containerId, new LogOptions(false, -1, null, false, 8))) {
            assertEquals("line1\nli", new String(limited.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void followedLogsEndWhenTheContainerExits() throws Exception {
        String containerId = run(sandbox("short"), container("main", List.of("sh", "-c", "echo one; sleep 1; echo two")));
        try (InputStream follow = runtime.logs(containerId, new LogOptions(true, -1, null, false, 0))) {
            assertEquals("one\ntwo\n", new String(follow.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void exitCodesAndReasons() throws Exception {
        String sandboxId = sandbox("exits");
        ContainerStatus failed = awaitExit(run(sandboxId, container("fails", List.of("sh", "-c", "exit 3"))));
        assertEquals(3, failed.exitCode());
        assertEquals("Error", failed.reason());
        assertNotNull(failed.finishedAt());

        ContainerStatus done = awaitExit(run(sandboxId, container("succeeds", List.of("true"))));
        assertEquals(0, done.exitCode());
        assertEquals("Completed", done.reason());

        // 16 MiB limit, no swap: a shell variable of 64 MiB does not fit. Docker 20.10 sometimes loses
        // the OOM event when it races the exit event (exit 137, OOMKilled false): up to three tries.
        ContainerStatus oom = null;
        for (int attempt = 0; attempt < 3 && (oom == null || !"OOMKilled".equals(oom.reason())); attempt++) {
            ContainerConfig hungry = new ContainerConfig("hungry", attempt, BUSYBOX, List.of("sh", "-c",
                    "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null; sleep 1; "
                            + "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived"), List.of(), null, List.of(), List.of(),
                    new ContainerConfig.Resources(500, 250, 16 * 1024 * 1024), false, false, Map.of(), Map.of());
            String hungryId = run(sandboxId, hungry);
            oom = awaitExit(hungryId);
            for (int wait = 0; wait < 20 && !"OOMKilled".equals(oom.reason()); wait++) {
                Thread.sleep(100);
                oom = runtime.containerStatus(hungryId).orElseThrow();
            }
            String log;
            try (InputStream logs = runtime.logs(hungryId, LogOptions.ALL)) {
                log = new String(logs.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals("16777216\n", log, "the memory limit shows in the container's cgroup, and the shell did not survive");
            assertEquals(137, oom.exitCode());
            System.out.printf("OOM try %d: exit %d, reason %s%n", attempt + 1, oom.exitCode(), oom.reason());
        }
        assertEquals("OOMKilled", oom.reason());
    }

    @Test
    void stopGivesTheGracePeriodThenKills() throws Exception {
        String sandboxId = sandbox("stopper");
        String polite = run(sandboxId, container("polite", List.of("sh", "-c",
                "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 1 & wait; done")));
        try (InputStream logs = runtime.logs(polite, new LogOptions(true, -1, null, false, 0))) {
            readUntil(logs, "ready\n");
        }
        long started = System.nanoTime();
        runtime.stopContainer(polite, Duration.ofSeconds(20));
        long politeMillis = (System.nanoTime() - started) / 1_000_000;
        ContainerStatus politeStatus = runtime.containerStatus(polite).orElseThrow();
        assertEquals(0, politeStatus.exitCode(), "SIGTERM reached the trap");
        assertEquals("Completed", politeStatus.reason());
        try (InputStream logs = runtime.logs(polite, LogOptions.ALL)) {
            assertEquals("ready\nbye\n", new String(logs.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(politeMillis < 20_000, "stopped by SIGTERM, not at the end of the grace period: " + politeMillis + " ms");

        String stubborn = run(sandboxId, container("stubborn", List.of("sleep", "3600")));
        started = System.nanoTime();
        runtime.stopContainer(stubborn, Duration.ofSeconds(2));
        long stubbornMillis = (System.nanoTime() - started) / 1_000_000;
        ContainerStatus stubbornStatus = runtime.containerStatus(stubborn).orElseThrow();
        assertEquals(137, stubbornStatus.exitCode(), "sleep as PID 1 ignores SIGTERM and is killed");
        assertTrue(stubbornMillis >= 1_900, "the 2 s grace period was given before SIGKILL: " + stubbornMillis + " ms");
        System.out.printf("stop: trapping shell %d ms, sleep as PID 1 with 2 s grace %d ms%n", politeMillis, stubbornMillis);

        runtime.stopContainer(stubborn, Duration.ofSeconds(2)); // idempotent
        runtime.removeContainer(stubborn);
        runtime.removeContainer(stubborn);
        assertEquals(Optional.empty(), runtime.containerStatus(stubborn));
    }

    @Test
    void aGracePeriodLongerThanTheApiTimeoutIsWaitedFor() {
        // Docker answers a stop only when the container is gone: the call may be silent for the whole
        // grace period, longer than an ordinary call may take.
        DockerRuntime quick = new DockerRuntime();
        quick.start(new Settings(SOCKET, NETWORK, CIDR, "kuberaf/pause:3.9", Duration.ofSeconds(2), Duration.ofSeconds(20)));
        try {
            String sandboxId = sandbox("long-grace");
            String stubborn = run(sandboxId, container("stubborn", List.of("sleep", "3600")));
            quick.stopContainer(stubborn, Duration.ofSeconds(4));
            assertEquals(137, quick.containerStatus(stubborn).orElseThrow().exitCode());
            quick.removeContainer(stubborn);
        } finally {
            quick.stop();
        }
    }

    @Test
    void anArchiveWrittenByDockerSaveIsImported() throws Exception {
        String image = "kuberaf/imported:runtime-test";
        Path archive = Files.createTempFile("kuberaf-import", ".tar");
        try {
            docker("tag", BUSYBOX, image);
            docker("save", "-o", archive.toString(), image);
            runtime.removeImage(image);
            assertEquals(Optional.empty(), runtime.imageStatus(image));

            List<ImageInfo> loaded;
            try (InputStream in = Files.newInputStream(archive)) {
                loaded = runtime.importImages(in);
            }
            assertEquals(1, loaded.size());
            assertEquals(List.of(image), loaded.get(0).repoTags(), "the tags the archive gave, not the image's others");
            assertEquals(runtime.imageStatus(BUSYBOX).orElseThrow().id(), loaded.get(0).id());

            RuntimeOperationException garbage = assertThrows(RuntimeOperationException.class,
                    () -> runtime.importImages(new java.io.ByteArrayInputStream("not an archive\n".getBytes(StandardCharsets.UTF_8))));
            assertTrue(garbage.getMessage().startsWith("Docker could not load the image archive"), garbage.getMessage());
        } finally {
            runtime.removeImage(image);
            Files.deleteIfExists(archive);
        }
    }

    private static void docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @Test
    void pullOfAMissingImageFailsFast() {
        // A registry on a closed local port: the pull fails without any traffic leaving the machine.
        long started = System.nanoTime();
        ImagePullException failure = assertThrows(ImagePullException.class,
                () -> runtime.pullImage("127.0.0.1:1/kuberaf/missing:1.0"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("failed pull took %d ms: %s%n", millis, failure.getMessage());
        assertTrue(failure.getMessage().contains("127.0.0.1:1/kuberaf/missing:1.0"), failure.getMessage());
        assertEquals(Optional.empty(), runtime.imageStatus("127.0.0.1:1/kuberaf/missing:1.0"));

        assertEquals(runtime.imageStatus(BUSYBOX).orElseThrow(), runtime.pullImage(BUSYBOX), "a present image is not pulled");
        assertTrue(runtime.listImages().stream().anyMatch(i -> i.repoTags().contains(BUSYBOX)));
    }

    @Test
    void aPullThatHangsEndsAtThePullTimeout() throws Exception {
        // A "registry" on loopback that accepts connections and never answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            DockerRuntime impatient = new DockerRuntime();
            impatient.start(new Settings(SOCKET, NETWORK, CIDR, "kuberaf/pause:3.9", Duration.ofSeconds(30), Duration.ofSeconds(3)));
            String image = "127.0.0.1:" + silent.getLocalPort() + "/kuberaf/hangs:1";
            long started = System.nanoTime();
            try {
                ImagePullException failure = assertThrows(ImagePullException.class, () -> impatient.pullImage(image));
                System.out.printf("hanging pull gave up after %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, failure.getMessage());
                assertTrue(failure.getMessage().contains(image) && failure.getMessage().contains("3 s"), failure.getMessage());
            } finally {
                impatient.stop();
                for (java.net.Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void creatingAContainerOfAMissingImageSaysSo() {
        String sandboxId = sandbox("no-image");
        ContainerConfig config = new ContainerConfig("main", 0, "kuberaf/not-built:1", List.of(), List.of(), null,
                List.of(), List.of(), ContainerConfig.Resources.NONE, false, false, Map.of(), Map.of());
        RuntimeOperationException failure = assertThrows(RuntimeOperationException.class,
                () -> runtime.createContainer(sandboxId, config));
        assertTrue(failure.getMessage().contains("kuberaf/not-built:1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("POST /containers/create"), failure.getMessage());
    }

    @Test
    void interactiveExecWithStdin() throws Exception {
        String containerId = run(sandbox("exec"), container("main", List.of("sleep", "3600")));
        try (ExecSession session = runtime.exec(containerId, new ExecRequest(List.of("cat"), true, true, true, false))) {
            OutputStream stdin = session.stdin();
            stdin.write("hello through cat\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertEquals("hello through cat\n", readUntil(session.stdout(), "\n"));
            stdin.close();
            assertEquals(0, session.exitCode().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(-1, session.stdout().read(), "stdout ends with the command");
        }
        try (ExecSession session = runtime.exec(containerId, new ExecRequest(List.of("sh", "-c", "echo to-err >&2; exit 5"),
                false, true, true, false))) {
            assertNull(session.stdin());
            assertEquals("to-err\n", new String(session.stderr().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(5, session.exitCode().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        try (ExecSession session = runtime.exec(containerId, new ExecRequest(List.of("sh", "-c", "stty size; exit 2"),
                false, true, false, true))) {
            session.resize(100, 30);
            String output = new String(session.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, session.exitCode().toCompletableFuture().get(10, TimeUnit.SECONDS), output);
            assertEquals(-1, session.stderr().read(), "a tty has no separate stderr");
        }
    }

    @Test
    void attachReachesTheMainProcess() throws Exception {
        String containerId = run(sandbox("attach"), container("main", List.of("sh", "-c", "read line; echo got $line; exit 6"),
                ContainerConfig.Resources.NONE, true));
        try (ExecSession session = runtime.exec(containerId, new ExecRequest(List.of(), true, true, true, false))) {
            session.stdin().write("attached\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();
            assertEquals("got attached\n", readUntil(session.stdout(), "\n"));
            assertEquals(6, session.exitCode().toCompletableFuture().get(10, TimeUnit.SECONDS), "the main process's exit code");
        }
        assertEquals(6, awaitExit(containerId).exitCode());
    }

    @Test
    void closingAnAttachLeavesTheContainerRunning() throws Exception {
        String containerId = run(sandbox("detach"), container("main", List.of("cat"), ContainerConfig.Resources.NONE, true));
        ExecSession session = runtime.exec(containerId, new ExecRequest(List.of(), true, true, true, false));
        session.stdin().write("echo me\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("echo me\n", readUntil(session.stdout(), "\n"));
        session.close();
        assertTrue(session.exitCode().toCompletableFuture().isCompletedExceptionally(), "no exit code: the process goes on");
        Thread.sleep(300);
        assertEquals(ContainerStatus.State.RUNNING, runtime.containerStatus(containerId).orElseThrow().state());
    }

    @Test
    void portForwardReachesAServerInThePod() throws Exception {
        String sandboxId = sandbox("server");
        run(sandboxId, container("httpd", List.of("sh", "-c",
                "mkdir -p /www && echo hello-from-pod > /www/index.html && exec httpd -f -p 8080 -h /www")));
        String answer = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (answer == null && System.nanoTime() < deadline) {
            try (StreamConnection connection = runtime.portForward(sandboxId, 8080)) {
                connection.output().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.output().flush();
                answer = new String(connection.input().readAllBytes(), StandardCharsets.UTF_8);
            } catch (RuntimeOperationException notListeningYet) {
                Thread.sleep(100);
            }
        }
        assertNotNull(answer, "httpd in the pod never accepted a connection");
        assertTrue(answer.startsWith("HTTP/1.") && answer.contains(" 200 OK"), answer);
        assertTrue(answer.endsWith("hello-from-pod\n"), answer);
    }

    @Test
    void hostPortsReachTheSandbox() throws Exception {
        int hostPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hostPort = free.getLocalPort();
        }
        String sandboxId = sandbox("published", null, List.of(new SandboxConfig.PortMapping("TCP", 8080, hostPort, "127.0.0.1")));
        run(sandboxId, container("httpd", List.of("sh", "-c",
                "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www")));
        String answer = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answer.contains("200 OK") && System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hostPort)) {
                socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertTrue(answer.contains("200 OK") && answer.endsWith("published\n"), "127.0.0.1:" + hostPort + " answered: " + answer);
    }

    @Test
    void aNewRuntimeInstanceAdoptsWhatExists() throws Exception {
        String sandboxId = sandbox("adopted");
        String containerId = run(sandboxId, container("main", List.of("sleep", "3600")));
        SandboxStatus before = runtime.podSandboxStatus(sandboxId).orElseThrow();
        ContainerStatus containerBefore = runtime.containerStatus(containerId).orElseThrow();

        DockerRuntime fresh = newRuntime();
        try {
            SandboxStatus after = fresh.listPodSandboxes().stream().filter(s -> s.id().equals(sandboxId)).findFirst()
                    .orElseThrow(() -> new AssertionError("the new instance does not list sandbox " + sandboxId));
            assertEquals(before, after);
            List<ContainerStatus> containers = fresh.listContainers(sandboxId);
            assertEquals(List.of(containerBefore), containers);
            assertTrue(fresh.listContainers(null).contains(containerBefore));
            assertEquals("hello\n", fresh.execSync(containerId, List.of("sh", "-c", "echo $GREETING"), Duration.ofSeconds(10)).stdout());
        } finally {
            fresh.stop();
        }
    }

    @Test
    void hostNetworkSandboxUsesTheNodesNetwork() {
        PodIdentity pod = new PodIdentity("test", "host-pod", UID_PREFIX + UUID.randomUUID(), 0);
        String sandboxId = runtime.runPodSandbox(new SandboxConfig(pod, "host-pod", true, null, List.of(), Map.of(), Map.of()));
        sandboxes.add(sandboxId);
        SandboxStatus status = runtime.podSandboxStatus(sandboxId).orElseThrow();
        assertTrue(status.ready());
        assertNull(status.ip(), "a host-network sandbox has no IP of its own");
    }

    @Test
    void versionAndHealth() {
        assertEquals("docker", runtime.version().runtimeName());
        assertFalse(runtime.version().runtimeVersion().isEmpty());
        assertTrue(runtime.health().ready());
    }

    @Test
    void anUnreachableDaemonMakesTheRuntimeUnhealthyWithAReason() {
        DockerRuntime nowhere = new DockerRuntime();
        nowhere.start(new Settings(Path.of("/nonexistent/docker.sock"), NETWORK, CIDR, "kuberaf/pause:3.9",
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        try {
            assertFalse(nowhere.health().ready());
            assertTrue(nowhere.health().message().contains("/nonexistent/docker.sock"), nowhere.health().message());
        } finally {
            nowhere.stop();
        }
    }
}
