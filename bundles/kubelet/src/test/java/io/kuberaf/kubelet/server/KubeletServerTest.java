package io.kuberaf.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubelet's streaming API over real HTTP and WebSocket clients, with a local-process runtime behind it. */
class KubeletServerTest {

    private static final String TOKEN = KubeletToken.generate();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalProcessRuntime runtime;
    private static LocalProcessRuntime.ContainerLog appLog;
    private static KubeletServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LocalProcessRuntime();
        runtime.addContainer("c-old", "default", "web", "app", 0, "node-1").append("before the restart\n");
        appLog = runtime.addContainer("c-new", "default", "web", "app", 1, "node-1");
        appLog.append("one\ntwo\nthree\n");
        runtime.addContainer("c-other-node", "default", "web", "app", 2, "node-2").append("not ours\n");
        server = new KubeletServer(new KubeletServer.Settings("127.0.0.1", 0), runtime,
                new RuntimeContainerLocator(runtime, "node-1"), TOKEN);
        server.start();
        base = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + base + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void logsOfTheNewestContainerOnThisNode() throws Exception {
        HttpResponse<String> all = get("/containerLogs/default/web/app", TOKEN);
        assertEquals(200, all.statusCode());
        assertEquals("one\ntwo\nthree\n", all.body());
        assertEquals("two\nthree\n", get("/containerLogs/default/web/app?tailLines=2", TOKEN).body());
        assertEquals("one\ntw", get("/containerLogs/default/web/app?limitBytes=6", TOKEN).body());
        assertEquals("before the restart\n", get("/containerLogs/default/web/app?previous=true", TOKEN).body());
    }

    @Test
    void unknownContainersAndBadParametersAreStatusErrors() throws Exception {
        HttpResponse<String> missing = get("/containerLogs/default/web/sidecar", TOKEN);
        assertEquals(400, missing.statusCode());
        JsonNode status = Statuses.MAPPER.readTree(missing.body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals("container \"sidecar\" in pod \"web\" is waiting to start: ContainerCreating", status.path("message").asText());
        assertEquals(400, get("/containerLogs/default/web/app?tailLines=x", TOKEN).statusCode());
        assertEquals(404, get("/stats/summary", TOKEN).statusCode());
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        assertEquals(401, get("/containerLogs/default/web/app", null).statusCode());
        assertEquals(401, get("/containerLogs/default/web/app", "wrong").statusCode());
        assertEquals(200, get("/healthz", null).statusCode());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> ChannelClient.connect(
                "ws://" + base + "/exec/default/web/app?command=true&stdout=true", "wrong", RemoteCommand.V5));
        assertInstanceOf(java.net.http.WebSocketHandshakeException.class, refused.getCause());
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void followStreamsNewOutputUntilTheLogEnds() throws Exception {
        LocalProcessRuntime.ContainerLog log = runtime.addContainer("c-follow", "default", "tail", "app", 0, "node-1");
        log.append("first\n");
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://" + base + "/containerLogs/default/tail/app?follow=true"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("first", lines.readLine());
            log.append("second\n");
            assertEquals("second", lines.readLine()); // arrives while the stream stays open
            log.close();
            assertEquals(null, lines.readLine());
        }
    }

    @Test
    void execRunsTheCommandAndReportsSuccess() throws Exception {
        ChannelClient exec = ChannelClient.connect("ws://" + base + "/exec/default/web/app?command=echo&command=hi&stdout=true"
                + "&stderr=true", TOKEN, RemoteCommand.V5, RemoteCommand.V4);
        exec.awaitClose();
        assertEquals(RemoteCommand.V5, exec.socket.getSubprotocol());
        assertEquals("hi\n", exec.output(1));
        assertEquals("Success", Statuses.MAPPER.readTree(exec.output(3)).path("status").asText());
    }

    @Test
    void aNonZeroExitCodeComesBackAsItsCause() throws Exception {
        ChannelClient exec = ChannelClient.connect("ws://" + base + "/exec/default/web/app?command=sh&command=-c"
                + "&command=echo%20oops%20%3E%262%3B%20exit%203&stdout=true&stderr=true", TOKEN, RemoteCommand.V4);
        exec.awaitClose();
        assertEquals(RemoteCommand.V4, exec.socket.getSubprotocol());
        assertEquals("oops\n", exec.output(2));
        JsonNode status = Statuses.MAPPER.readTree(exec.output(3));
        assertEquals("Failure", status.path("status").asText());
        assertEquals("NonZeroExitCode", status.path("reason").asText());
        assertEquals("ExitCode", status.path("details").path("causes").path(0).path("reason").asText());
        assertEquals("3", status.path("details").path("causes").path(0).path("message").asText());
    }

    @Test
    void stdinIsFedAndClosedWithTheV5CloseSignal() throws Exception {
        ChannelClient exec = ChannelClient.connect("ws://" + base + "/exec/default/web/app?command=cat&stdin=true&stdout=true",
                TOKEN, RemoteCommand.V5);
        exec.send(0, "hello ");
        exec.send(0, "cat\n");
        exec.closeStdin();
        exec.awaitClose();
        assertEquals("hello cat\n", exec.output(1));
        assertEquals("Success", Statuses.MAPPER.readTree(exec.output(3)).path("status").asText());
    }

    @Test
    void attachWithATerminalPassesResizes() throws Exception {
        int before = runtime.resizes.size();
        ChannelClient attach = ChannelClient.connect("ws://" + base + "/attach/default/web/app?stdin=true&stdout=true&tty=true",
                TOKEN, RemoteCommand.V5);
        attach.send(4, "{\"Width\":120,\"Height\":40}");
        attach.send(0, "typed\n");
        attach.closeStdin();
        attach.awaitClose();
        assertEquals("typed\n", attach.output(1));
        assertArrayEquals(new int[]{120, 40}, runtime.resizes.get(before));
        assertTrue(runtime.execs.stream().anyMatch(r -> r.command().isEmpty() && r.tty()));
    }

    @Test
    void execWithoutASupportedSubprotocolIsRefused() {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> ChannelClient.connect(
                "ws://" + base + "/exec/default/web/app?command=true&stdout=true", TOKEN, "channel.k8s.io"));
        assertEquals(400, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void portForwardCarriesBytesToThePodPortAndBack() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             SpdyTunnelClient tunnel = SpdyTunnelClient.connect("ws://" + base + "/portForward/default/web", TOKEN)) {
            CompletableFuture.runAsync(() -> echoOnce(echo));
            assertEquals(PortForwardTunnel.PROTOCOL, tunnel.protocol());
            String port = Integer.toString(echo.getLocalPort());
            tunnel.send(new SpdyFrame.SynStream(1, false, Map.of("streamtype", "error", "port", port, "requestid", "0")));
            assertEquals(new SpdyFrame.SynReply(1, false, Map.of()), tunnel.next());
            tunnel.send(new SpdyFrame.SynStream(3, false, Map.of("streamtype", "data", "port", port, "requestid", "0")));
            assertEquals(new SpdyFrame.SynReply(3, false, Map.of()), tunnel.next());
            tunnel.send(new SpdyFrame.Data(3, false, "ping\n".getBytes(StandardCharsets.UTF_8)));
            SpdyFrame.Data echoed = (SpdyFrame.Data) tunnel.next();
            assertEquals(3, echoed.streamId());
            assertEquals("ping\n", new String(echoed.data(), StandardCharsets.UTF_8));
            tunnel.send(new SpdyFrame.Data(3, true, new byte[0])); // kubectl's local client hung up
            List<SpdyFrame> ends = List.of(tunnel.next(), tunnel.next()); // the pod side closed: both streams end
            assertTrue(ends.stream().allMatch(f -> f instanceof SpdyFrame.Data d && d.fin() && d.data().length == 0), ends::toString);
            tunnel.send(new SpdyFrame.Ping(7));
            assertEquals(new SpdyFrame.Ping(7), tunnel.next());
        }
    }

    @Test
    void portForwardToAClosedPortReportsOnTheErrorStream() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (SpdyTunnelClient tunnel = SpdyTunnelClient.connect("ws://" + base + "/portForward/default/web", TOKEN)) {
            String port = Integer.toString(closedPort);
            tunnel.send(new SpdyFrame.SynStream(1, false, Map.of("streamtype", "error", "port", port, "requestid", "5")));
            tunnel.next();
            tunnel.send(new SpdyFrame.SynStream(3, false, Map.of("streamtype", "data", "port", port, "requestid", "5")));
            tunnel.next();
            SpdyFrame.Data error = (SpdyFrame.Data) tunnel.next();
            assertEquals(1, error.streamId());
            String message = new String(error.data(), StandardCharsets.UTF_8);
            assertTrue(message.startsWith("error forwarding port " + port + " to pod default/web"), message);
        }
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
