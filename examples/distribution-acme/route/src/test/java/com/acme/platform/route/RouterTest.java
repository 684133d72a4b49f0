package com.acme.platform.route;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The router against a real apiserver: Routes to a selector-less Service whose Endpoints are HTTP servers of the test. */
class RouterTest {

    private static final int IGNITE_PORT_BASE = 48300;
    private static final String NS = "default";

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static Router router;
    private static HttpServer backendA;
    private static HttpServer backendB;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        ServedKinds.serve(client, RouteKinds.class.getResource(RouteKinds.DEFINITION));
        router = new Router(client, cluster.informers()).start(2);
        backendA = httpServer("backend-a");
        backendB = httpServer("backend-b");
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        backendA.stop(0);
        backendB.stop(0);
        cluster.close();
    }

    @Test
    void routeForwardsRoundRobinToReadyEndpointsAndClosesItsPortWhenDeleted() throws Exception {
        service("web");
        endpoints("web", backendA, backendB);
        int hostPort = freePort();
        createRoute("web", "web", new IntOrString("http"), hostPort);

        Await.until("route web admitted with 2 endpoints", () -> admittedWith("web", 2));
        assertEquals("127.0.0.1:" + hostPort, route("web").getStatus().getAddress());
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(hostPort));
        }
        assertEquals(Set.of("backend-a", "backend-b"), answers, "round-robin over both endpoints");

        endpoints("web", backendB);
        Await.until("route web down to 1 endpoint", () -> admittedWith("web", 1));
        assertEquals("backend-b", get(hostPort));
        assertEquals("backend-b", get(hostPort));

        client.resources(Route.class).inNamespace(NS).withName("web").delete();
        Await.until("port " + hostPort + " closed", () -> refused(hostPort));
    }

    @Test
    void aRouteWhosePortIsTakenIsNotAdmitted() throws Exception {
        service("busy");
        endpoints("busy", backendA);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            createRoute("busy", "busy", null, taken.getLocalPort());
            Await.until("route busy refused", () -> {
                Route route = route("busy");
                Condition admitted = route == null || route.getStatus() == null ? null : route.getStatus().condition(Router.ADMITTED);
                return admitted != null && "False".equals(admitted.getStatus())
                        && "HostPortUnavailable".equals(admitted.getReason());
            });
        }
        // The router retries the port: admitted once the port is free.
        Await.until("route busy admitted once its port is free", Duration.ofSeconds(30), () -> admittedWith("busy", 1));
        client.resources(Route.class).inNamespace(NS).withName("busy").delete();
    }

    @Test
    void aNumberedPortPicksTheEndpointsPortOfThatNumber() throws Exception {
        service("numbered");
        endpoints("numbered", backendA);
        int hostPort = freePort();
        createRoute("numbered", "numbered", new IntOrString(backendA.getAddress().getPort()), hostPort);
        Await.until("route numbered admitted with 1 endpoint", () -> admittedWith("numbered", 1));
        assertEquals("backend-a", get(hostPort));
        client.resources(Route.class).inNamespace(NS).withName("numbered").delete();
        Await.until("port " + hostPort + " closed", () -> refused(hostPort));
        assertThrows(IOException.class, () -> get(hostPort));
    }

    // ---- objects ----

    private static void service(String name) {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build()).create();
    }

    private static void endpoints(String name, HttpServer... backends) {
        List<EndpointSubset> subsets = java.util.Arrays.stream(backends)
                .map(backend -> new EndpointSubsetBuilder().addNewAddress().withIp("127.0.0.1").endAddress()
                        .addNewPort().withName("http").withPort(backend.getAddress().getPort()).endPort().build())
                .toList();
        client.endpoints().inNamespace(NS).resource(new EndpointsBuilder().withNewMetadata().withName(name).endMetadata()
                .withSubsets(subsets).build()).serverSideApply();
    }

    private static void createRoute(String name, String service, IntOrString port, int hostPort) {
        Route route = new Route();
        route.getMetadata().setName(name);
        route.getMetadata().setNamespace(NS);
        RouteSpec spec = new RouteSpec();
        RouteTarget to = new RouteTarget();
        to.setName(service);
        spec.setTo(to);
        spec.setPort(port);
        spec.setHostPort(hostPort);
        route.setSpec(spec);
        client.resources(Route.class).inNamespace(NS).resource(route).create();
    }

    private static Route route(String name) {
        return client.resources(Route.class).inNamespace(NS).withName(name).get();
    }

    private static boolean admittedWith(String name, int endpoints) {
        Route route = route(name);
        if (route == null || route.getStatus() == null) {
            return false;
        }
        Condition admitted = route.getStatus().condition(Router.ADMITTED);
        return admitted != null && "True".equals(admitted.getStatus())
                && Integer.valueOf(endpoints).equals(route.getStatus().getEndpoints());
    }

    // ---- network ----

    private static HttpServer httpServer(String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** One HTTP/1.0 GET on a new connection (so that each request is routed anew); answers the body. */
    private static String get(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.") || !response.contains("\r\n\r\n")) {
                throw new IOException("no HTTP response through port " + port + ": '" + response + "'");
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static boolean refused(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
