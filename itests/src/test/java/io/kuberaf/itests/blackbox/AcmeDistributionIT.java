package io.kuberaf.itests.blackbox;

import com.sun.net.httpserver.HttpServer;
import io.kuberaf.itests.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vendor distribution of examples/distribution-acme, as its users get it: acme-&lt;version&gt;.tar.gz
 * unpacked and started, its banner on the console, its kinds (Route, Project) in discovery, a Project
 * that gets its namespace and quota, and a Route that forwards the node's 127.0.0.1:&lt;hostPort&gt; to an
 * HTTP server of this test (the endpoints of a Service without selector).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeDistributionIT {

    private static final int SLOT = 6;
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String ANSWER = "hello through the acme router";

    private KuberafInstance acme;
    private HttpServer backend;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    void start() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        acme = BlackBox.start(Path.of(System.getProperty("acme.distribution")), "acme", SLOT);
    }

    @AfterAll
    void stop() throws Exception {
        if (acme != null) {
            acme.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    @Test
    @Order(1)
    void theConsoleShowsTheAcmeBannerAndPrompt() {
        String console = acme.console("logout\n").stdout();
        assertTrue(console.contains("Acme Container Platform"), "the Acme banner:\n" + console);
        assertTrue(console.contains("built on Kuberaf"), "the Acme banner:\n" + console);
        assertTrue(console.contains("@acme("), "the Acme prompt:\n" + console);
    }

    @Test
    @Order(2)
    void discoveryListsRouteAndProject() {
        Await.until(CONVERGE, () -> {
            KuberafInstance.Result result = acme.kubectl("api-resources");
            String out = result.stdout();
            boolean route = out.lines().anyMatch(l -> l.startsWith("routes ") && l.contains("route.acme.io/v1")
                    && l.contains(" true ") && l.endsWith("Route"));
            boolean project = out.lines().anyMatch(l -> l.startsWith("projects ") && l.contains("project.acme.io/v1")
                    && l.contains(" false ") && l.endsWith("Project"));
            return route && project ? null : "kubectl api-resources without Route and Project:\n" + out + result.stderr();
        });
    }

    @Test
    @Order(3)
    void aProjectGetsItsNamespaceWithTheDefaultQuota() {
        acme.kubectlWithInput("""
                apiVersion: project.acme.io/v1
                kind: Project
                metadata:
                  name: shop
                spec:
                  displayName: The shop
                  admins: [alice]
                """, "apply", "-f", "-").assertSuccess();
        Await.until(CONVERGE, () -> {
            KuberafInstance.Result quota = acme.kubectl("get", "resourcequota", "acme-project-quota", "-n", "shop",
                    "-o", "jsonpath={.spec.hard.pods}");
            return quota.exitCode() == 0 && quota.stdout().equals("20") ? null
                    : "no quota in namespace shop: " + quota.stdout() + quota.stderr();
        });
        acme.kubectl("get", "namespace", "shop").assertSuccess();
        Await.until(CONVERGE, () -> {
            String projects = acme.kubectl("get", "projects").stdout();
            return projects.contains("shop") && projects.contains("Active") && projects.contains("The shop") ? null
                    : "kubectl get projects:\n" + projects;
        });
    }

    @Test
    @Order(4)
    void aRouteForwardsItsHostPortToTheServiceEndpoints() throws IOException {
        int backendPort = backend.getAddress().getPort();
        int hostPort = freePort();
        acme.kubectlWithInput("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports:
                  - name: http
                    port: 80
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: web
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: %d
                ---
                apiVersion: route.acme.io/v1
                kind: Route
                metadata:
                  name: web
                spec:
                  to:
                    name: web
                  port: http
                  hostPort: %d
                """.formatted(backendPort, hostPort), "apply", "-f", "-").assertSuccess();

        Await.until(CONVERGE, () -> {
            String body = get("http://127.0.0.1:" + hostPort + "/");
            return ANSWER.equals(body) ? null : "GET through the route answered: " + body;
        });
        String routes = acme.kubectl("get", "routes").stdout();
        assertTrue(routes.contains(String.valueOf(hostPort)) && routes.contains("True"), "kubectl get routes:\n" + routes);
    }

    private String get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode() + ": " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
