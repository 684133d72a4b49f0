package io.kuberaf.runtime.simulated;

import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedRuntimeTest {

    private final SimulatedRuntime runtime = new SimulatedRuntime(Settings.DEFAULTS);

    @Test
    void behaviourFollowsTheCommand() {
        assertEquals(Behaviour.FOREVER, Behaviour.of(List.of(), List.of()));
        assertEquals(Behaviour.FOREVER, Behaviour.of(List.of("nginx", "-g", "daemon off;"), List.of()));
        assertEquals(new Behaviour(Duration.ZERO, 0), Behaviour.of(List.of("true"), List.of()));
        assertEquals(new Behaviour(Duration.ZERO, 1), Behaviour.of(List.of("false"), List.of()));
        assertEquals(new Behaviour(Duration.ofSeconds(2), 3), Behaviour.of(List.of("sh", "-c"), List.of("sleep 2; exit 3")));
        assertEquals(new Behaviour(Duration.ofMillis(500), 0), Behaviour.of(List.of("sleep", "0.5"), List.of()));
        assertEquals(Behaviour.FOREVER, Behaviour.of(List.of("sleep", "infinity"), List.of()));
    }

    @Test
    void sandboxesGetAddressesFromThePodCidr() {
        String first = runtime.runPodSandbox(sandbox("a"));
        assertEquals("10.88.0.2", runtime.podSandboxStatus(first).orElseThrow().ip());
        runtime.updatePodCidr("10.244.3.0/24");
        String second = runtime.runPodSandbox(sandbox("b"));
        assertEquals("10.244.3.2", runtime.podSandboxStatus(second).orElseThrow().ip());
        runtime.stopPodSandbox(second);
        assertNull(runtime.podSandboxStatus(second).orElseThrow().ip());
        runtime.removePodSandbox(second);
        assertTrue(runtime.podSandboxStatus(second).isEmpty());
    }

    @Test
    void imagesArePresentUnlessMarkedMissing() {
        assertTrue(runtime.imageStatus("nginx:1.25").isPresent());
        assertTrue(runtime.imageStatus("missing/app:1").isEmpty());
        ImagePullException e = assertThrows(ImagePullException.class, () -> runtime.pullImage("missing/app:1"));
        assertTrue(e.getMessage().contains("missing/"), e.getMessage());
    }

    @Test
    void containersRunAsTheirCommandSaysAndStopOnRequest() throws Exception {
        String sandbox = runtime.runPodSandbox(sandbox("p"));
        String failing = runtime.createContainer(sandbox, container("bad", List.of("sh", "-c", "exit 7")));
        String server = runtime.createContainer(sandbox, container("web", List.of("nginx")));
        assertEquals(ContainerStatus.State.CREATED, runtime.containerStatus(server).orElseThrow().state());
        runtime.startContainer(failing);
        runtime.startContainer(server);
        ContainerStatus bad = runtime.containerStatus(failing).orElseThrow();
        assertEquals(ContainerStatus.State.EXITED, bad.state());
        assertEquals(7, bad.exitCode());
        assertEquals("Error", bad.reason());
        assertTrue(runtime.containerStatus(server).orElseThrow().running());
        assertEquals(0, runtime.execSync(server, List.of("true"), Duration.ofSeconds(1)).exitCode());
        assertEquals(1, runtime.execSync(server, List.of("false"), Duration.ofSeconds(1)).exitCode());
        assertEquals(0, runtime.execSync(server, List.of("cat", "/etc/hosts"), Duration.ofSeconds(1)).exitCode());
        String log = new String(runtime.logs(server, LogOptions.ALL).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(log.contains("simulated container web started"), log);
        runtime.stopContainer(server, Duration.ofSeconds(30));
        assertEquals(143, runtime.containerStatus(server).orElseThrow().exitCode());
        assertThrows(RuntimeOperationException.class, () -> runtime.execSync(server, List.of("true"), Duration.ofSeconds(1)));
    }

    @Test
    void execAndPortForwardEcho() throws Exception {
        String sandbox = runtime.runPodSandbox(sandbox("p"));
        String id = runtime.createContainer(sandbox, container("web", List.of()));
        runtime.startContainer(id);
        var session = runtime.exec(id, new io.kuberaf.api.runtime.ExecRequest(List.of("sh"), true, true, false, false));
        session.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
        session.stdin().flush();
        byte[] read = new byte[6];
        assertEquals(6, session.stdout().readNBytes(read, 0, 6));
        assertEquals("hello\n", new String(read, StandardCharsets.UTF_8));
        session.close();
        assertEquals(0, session.exitCode().toCompletableFuture().get());
    }

    @Test
    void aFailureRateMakesStartsFail() {
        SimulatedRuntime flaky = new SimulatedRuntime(new Settings(Duration.ZERO, 1.0, "missing/", "10.88.0.0/16"));
        String sandbox = flaky.runPodSandbox(sandbox("p"));
        String id = flaky.createContainer(sandbox, container("web", List.of()));
        assertThrows(RuntimeOperationException.class, () -> flaky.startContainer(id));
    }

    private static SandboxConfig sandbox(String name) {
        return new SandboxConfig(new PodIdentity("ns", name, "uid-" + name, 0), name, false, null, List.of(), Map.of(), Map.of());
    }

    private static ContainerConfig container(String name, List<String> command) {
        return new ContainerConfig(name, 0, "busybox:1.36", command, List.of(), null, List.of(), List.of(),
                ContainerConfig.Resources.NONE, false, false, Map.of(), Map.of());
    }
}
