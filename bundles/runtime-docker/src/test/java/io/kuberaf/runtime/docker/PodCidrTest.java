package io.kuberaf.runtime.docker;

import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** updatePodCidr on a network of its own (kuberaf-rt-test-cidr, 10.244.251-253.0/24). */
class PodCidrTest {

    static final String NETWORK = "kuberaf-rt-test-cidr";
    static DockerRuntime runtime;
    static String sandboxId;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(DockerRuntimeTest.SOCKET)) {
            fail("These tests need a running Docker daemon: no socket at " + DockerRuntimeTest.SOCKET);
        }
        runtime = new DockerRuntime();
        runtime.start(new Settings(DockerRuntimeTest.SOCKET, NETWORK, "10.244.251.0/24", "kuberaf/pause:3.9",
                Duration.ofSeconds(30), Duration.ofSeconds(20)));
        DockerRuntimeTest.ensureImages(runtime);
        runtime.network().remove();
    }

    @AfterAll
    static void cleanUp() {
        if (sandboxId != null) {
            runtime.removePodSandbox(sandboxId);
        }
        runtime.network().remove();
        runtime.stop();
    }

    @Test
    void theNetworkFollowsTheNodesPodCidrUntilASandboxUsesIt() {
        runtime.updatePodCidr("10.244.252.0/24");
        assertEquals("10.244.252.0/24", runtime.network().subnet());
        runtime.updatePodCidr("10.244.252.0/24"); // same CIDR: nothing to do

        PodIdentity pod = new PodIdentity("test", "cidr", DockerRuntimeTest.UID_PREFIX + UUID.randomUUID(), 0);
        sandboxId = runtime.runPodSandbox(new SandboxConfig(pod, "cidr", false, null, List.of(), Map.of(), Map.of()));
        String ip = runtime.podSandboxStatus(sandboxId).orElseThrow().ip();
        assertTrue(ip.startsWith("10.244.252."), ip);

        RuntimeOperationException refused = assertThrows(RuntimeOperationException.class,
                () -> runtime.updatePodCidr("10.244.253.0/24"));
        assertTrue(refused.getMessage().contains("10.244.253.0/24") && refused.getMessage().contains(NETWORK), refused.getMessage());
        assertEquals("10.244.252.0/24", runtime.network().subnet());

        runtime.stopPodSandbox(sandboxId);
        runtime.removePodSandbox(sandboxId);
        sandboxId = null;
        runtime.updatePodCidr("10.244.253.0/24");
        assertEquals("10.244.253.0/24", runtime.network().subnet());
    }

    @Test
    void aNetworkRemovedBehindTheRuntimesBackIsMadeAgain() {
        runtime.network().ensure();
        new DockerApi(DockerRuntimeTest.SOCKET, Duration.ofSeconds(10)).delete("/networks/" + NETWORK);
        PodIdentity pod = new PodIdentity("test", "again", DockerRuntimeTest.UID_PREFIX + UUID.randomUUID(), 0);
        sandboxId = runtime.runPodSandbox(new SandboxConfig(pod, "again", false, null, List.of(), Map.of(), Map.of()));
        assertTrue(runtime.podSandboxStatus(sandboxId).orElseThrow().ready());
        runtime.removePodSandbox(sandboxId);
        sandboxId = null;
    }
}
