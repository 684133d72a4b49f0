package io.kuberaf.kubelet.server;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end with the real kubectl: apiserver (TestCluster) → KubeletProxy → KubeletServer → a
 * local-process runtime. The Node points at the kubelet; the pod is bound to it.
 */
class KubectlStreamingTest {

    private static final String NODE = "stream-node";
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static KubeletServer kubelet;
    private static LocalProcessRuntime runtime;
    private static LocalProcessRuntime.ContainerLog log;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, 48700);
        kubeconfig = cluster.writeKubeconfig(Files.createTempFile("kubeconfig", ""));
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).withNamespace("default").build()).build();
        runtime = new LocalProcessRuntime();
        log = runtime.addContainer("c1", "default", "p", "c", 0, NODE);
        log.append("one\ntwo\n");
        runtime.addContainer("c2", "default", "two", "a", 0, NODE);
        String token = KubeletToken.generate();
        kubelet = new KubeletServer(new KubeletServer.Settings("127.0.0.1", 0), runtime, new RuntimeContainerLocator(runtime, NODE), token);
        kubelet.start();
        KubeletToken.publish(client, NODE, token);
        KubeletToken.publish(client, NODE, token); // a restarted kubelet replaces its Secret
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        client.nodes().withName(NODE).editStatus(node -> new NodeBuilder(node).editOrNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.port()).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build());
        runningPod(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withNodeName(NODE)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build());
        runningPod(new PodBuilder().withNewMetadata().withName("two").endMetadata().withNewSpec().withNodeName(NODE)
                .addNewContainer().withName("a").withImage("busybox").endContainer()
                .addNewContainer().withName("b").withImage("busybox").endContainer().endSpec().build());
        client.pods().resource(new PodBuilder().withNewMetadata().withName("unscheduled").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }

    private static void runningPod(Pod pod) {
        client.pods().resource(pod).create();
        client.pods().withName(pod.getMetadata().getName()).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                .withPhase("Running").endStatus().build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void logsShowTheContainerOutput() throws Exception {
        Result logs = kubectl(null, "logs", "p");
        assertEquals(0, logs.code, logs.err);
        assertEquals("one\ntwo\n", logs.out);
        assertEquals("two\n", kubectl(null, "logs", "p", "--tail=1").out);
    }

    @Test
    void logsFollowStreamsUntilTheContainerOutputEnds() throws Exception {
        LocalProcessRuntime.ContainerLog followed = runtime.addContainer("c3", "default", "follow", "c", 0, NODE);
        runningPod(new PodBuilder().withNewMetadata().withName("follow").endMetadata().withNewSpec().withNodeName(NODE)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build());
        followed.append("first\n");
        Process process = start("logs", "-f", "follow");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("first", out.readLine());
            followed.append("second\n");
            assertEquals("second", out.readLine());
            followed.close();
            assertEquals(null, out.readLine());
        }
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "kubectl logs -f ends with the container output");
        assertEquals(0, process.exitValue());
    }

    @Test
    void execRunsTheCommandAndPropagatesItsExitCode() throws Exception {
        Result hi = kubectl(null, "exec", "p", "--", "echo", "hi");
        assertEquals(0, hi.code, hi.err);
        assertEquals("hi\n", hi.out);
        Result three = kubectl(null, "exec", "p", "--", "sh", "-c", "echo bad >&2; exit 3");
        assertEquals(3, three.code, three.err);
        assertTrue(three.err.contains("bad"), three.err);
    }

    @Test
    void execWithStdin() throws Exception {
        Result cat = kubectl("from stdin\nsecond line\n", "exec", "-i", "p", "--", "cat");
        assertEquals(0, cat.code, cat.err);
        assertEquals("from stdin\nsecond line\n", cat.out);
    }

    @Test
    void portForwardCarriesATcpRoundTrip() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> echoOnce(echo));
            int local;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                local = free.getLocalPort();
            }
            Process forward = start("port-forward", "--address", "127.0.0.1", "pod/p", local + ":" + echo.getLocalPort());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                assertTrue(ready != null && ready.startsWith("Forwarding from 127.0.0.1:" + local), String.valueOf(ready));
                try (Socket socket = new Socket("127.0.0.1", local)) {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write("ping through the tunnel\n".getBytes(StandardCharsets.UTF_8));
                    BufferedReader echoed = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    assertEquals("ping through the tunnel", echoed.readLine());
                }
            } finally {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void errorsAreStatusesKubectlPrints() throws Exception {
        Result missing = kubectl(null, "logs", "nosuch");
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("pods \"nosuch\" not found"), missing.err);
        Result unscheduled = kubectl(null, "exec", "unscheduled", "--", "true");
        assertTrue(unscheduled.err.contains("pod unscheduled does not have a host assigned"), unscheduled.err);
        Result unknownContainer = kubectl(null, "logs", "p", "-c", "nope");
        assertTrue(unknownContainer.err.contains("container nope is not valid for pod p"), unknownContainer.err);
    }

    @Test
    void aPodWithSeveralContainersNeedsAContainerNameForLogs() throws Exception {
        // kubectl itself defaults to the first container; the server's rule shows on a raw request
        Result raw = kubectl(null, "get", "--raw", "/api/v1/namespaces/default/pods/two/log");
        assertEquals(1, raw.code);
        assertTrue(raw.err.contains("a container name must be specified for pod two, choose one of: [a b]"), raw.err);
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Result kubectl(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        File err = Files.createTempFile("kubectl", ".err").toFile();
        Process process = new ProcessBuilder(command).redirectError(err).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + args + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), out, Files.readString(err.toPath()));
    }
}
