package io.kuberaf.itests.blackbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.kuberaf.itests.blackbox.BlackBox.awaitOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Services on a real node: the distribution's proxy programs this machine's iptables so that a
 * ClusterIP and a NodePort reach the pods of a Deployment running on Docker, driven with the real
 * kubectl. Three busybox pods serve their own hostname over HTTP; a client pod asks the service.
 * Needs root, dockerd and the images of examples/images/build.sh (as NodeIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesIT {

    private static final int SLOT = 7;
    private static final String NODE = BlackBox.node(SLOT);
    private static final int NODE_PORT = 31907;
    private static final String GATEWAY = "10." + (200 + SLOT) + ".0.1";
    private static final String CHAINS = BlackBox.chainPrefix(SLOT) + "-";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private KuberafInstance kuberaf;
    private Path work;
    private String clusterIp;

    @BeforeAll
    void start() throws Exception {
        assertEquals(0, exitCode("docker", "image", "inspect", "kuberaf/busybox:latest"),
                "dockerd and kuberaf/busybox:latest are needed: run examples/images/build.sh");
        kuberaf = BlackBox.start("services", SLOT);
        work = Files.createDirectories(Path.of("target", "blackbox", "services-files").toAbsolutePath());
        awaitOutput(Duration.ofSeconds(120), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" Ready "));
        apply("hostnames.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: hostnames
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: hostnames}
                  template:
                    metadata:
                      labels: {app: hostnames}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: web
                        image: kuberaf/busybox:latest
                        imagePullPolicy: IfNotPresent
                        command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                        ports:
                        - {name: http, containerPort: 8080}
                        readinessProbe:
                          tcpSocket: {port: 8080}
                          periodSeconds: 1
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: hostnames
                spec:
                  selector: {app: hostnames}
                  ports:
                  - {name: http, port: 80, targetPort: http}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: hostnames-np
                spec:
                  type: NodePort
                  selector: {app: hostnames}
                  ports:
                  - {port: 80, targetPort: 8080, nodePort: %d}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: client
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: client
                    image: kuberaf/busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: ['sleep', '3600']
                """.formatted(NODE_PORT));
        ok("rollout", "status", "deployment/hostnames", "--timeout=150s");
        ok("wait", "--for=condition=Ready", "pod/client", "--timeout=120s");
        clusterIp = ok("get", "service", "hostnames", "-o", "jsonpath={.spec.clusterIP}").trim();
        assertTrue(clusterIp.startsWith("10."), clusterIp);
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
            String nat = kuberaf.command("iptables-save", "-t", "nat").stdout();
            assertFalse(nat.contains(CHAINS), "Karaf's shutdown removes the proxy's chains:\n" + nat);
        }
    }

    @Test
    @Order(1)
    void theClusterIpReachesEveryReadyPodAndTheNodePortAnswersOnTheNode() throws Exception {
        Set<String> pods = Set.of(ok("get", "pods", "-l", "app=hostnames", "-o", "jsonpath={.items[*].metadata.name}").trim().split(" "));
        assertEquals(3, pods.size(), pods.toString());
        Set<String> seen = new HashSet<>();
        awaitOutput(Duration.ofSeconds(90), () -> {
            seen.add(fromClient("http://" + clusterIp + "/"));
            return seen.toString();
        }, ignored -> seen.containsAll(pods));

        String node = ok("get", "node", NODE, "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").trim();
        for (String address : List.of("127.0.0.1", node, GATEWAY)) {
            String answer = awaitOutput(Duration.ofSeconds(30), () -> fromHost("http://" + address + ":" + NODE_PORT + "/"), pods::contains);
            assertTrue(pods.contains(answer), address + " -> " + answer);
        }
        assertTrue(pods.contains(fromClient("http://" + GATEWAY + ":" + NODE_PORT + "/")), "a pod reaches the node port too");
        String table = kuberaf.client("kuberaf:proxy").stdout();
        assertTrue(table.lines().anyMatch(line -> line.startsWith("default/hostnames:http ") && line.contains(clusterIp + ":80")), table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("default/hostnames-np ") && line.contains(" " + NODE_PORT + " ")), table);
    }

    @Test
    @Order(2)
    void clientIpAffinityPinsTheClientToOnePod() throws Exception {
        ok("patch", "service", "hostnames", "-p", "{\"spec\":{\"sessionAffinity\":\"ClientIP\"}}");
        awaitOutput(Duration.ofSeconds(30), () -> kuberaf.command("iptables-save", "-t", "nat").stdout(),
                out -> out.lines().anyMatch(line -> line.startsWith("-A " + CHAINS + "SVC-") && line.contains("--rcheck")));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            seen.add(fromClient("http://" + clusterIp + "/"));
        }
        assertEquals(1, seen.size(), "one client, one pod: " + seen);
        ok("patch", "service", "hostnames", "-p", "{\"spec\":{\"sessionAffinity\":\"None\"}}");
    }

    @Test
    @Order(3)
    void restartingAndUpdatingTheProxyBundleKeepsTrafficFlowing() throws Exception {
        CompletableFuture<String> loop = CompletableFuture.supplyAsync(() -> kuberaf.kubectl("exec", "client", "--", "sh", "-c",
                "rm -f /tmp/stop; while [ ! -f /tmp/stop ]; do timeout 3 wget -qO- http://" + clusterIp
                        + "/ >/dev/null 2>/tmp/err && echo \"$(date +%T) ok\" || echo \"$(date +%T) FAIL $(cat /tmp/err)\"; sleep 0.2; done")
                .stdout());
        awaitOutput(Duration.ofSeconds(30), () -> ok("exec", "client", "--", "ls", "/tmp"), out -> true);
        Thread.sleep(2000);
        System.out.println(java.time.LocalTime.now() + " bundle:restart");
        assertFalse(kuberaf.client("bundle:restart kuberaf-proxy").stdout().contains("Exception"));
        Thread.sleep(3000);
        System.out.println(java.time.LocalTime.now() + " bundle:update");
        assertFalse(kuberaf.client("bundle:update kuberaf-proxy").stdout().contains("Exception"));
        Thread.sleep(3000);
        System.out.println(java.time.LocalTime.now() + " done");
        ok("exec", "client", "--", "touch", "/tmp/stop");
        String results = loop.get(60, TimeUnit.SECONDS);
        assertTrue(results.contains("ok"), results);
        assertFalse(results.contains("FAIL"), "every request succeeded while the proxy restarted:\n" + results);
        assertTrue(kuberaf.client("bundle:list -s").stdout().lines().anyMatch(line -> line.contains("kuberaf-proxy") && line.contains("Active")));
    }

    @Test
    @Order(4)
    void withoutReadyPodsTheServiceRefusesAtOnce() throws Exception {
        ok("scale", "deployment/hostnames", "--replicas=0");
        awaitOutput(Duration.ofSeconds(90), () -> ok("get", "pods", "-l", "app=hostnames", "--no-headers"), String::isBlank);
        String refused = awaitOutput(Duration.ofSeconds(30), () -> fromClient("http://" + clusterIp + "/"), out -> out.contains("refused"));
        assertTrue(refused.contains("Connection refused"), refused);
        assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE_PORT + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()), "the node port refuses too");
    }

    @Test
    @Order(5)
    void stoppingTheProxyBundleRemovesItsChains() throws Exception {
        assertTrue(kuberaf.command("iptables-save", "-t", "nat").stdout().contains(":" + CHAINS + "SERVICES"));
        kuberaf.client("bundle:stop kuberaf-proxy");
        String nat = awaitOutput(Duration.ofSeconds(30), () -> kuberaf.command("iptables-save", "-t", "nat").stdout(),
                out -> !out.contains(CHAINS));
        assertFalse(nat.contains(CHAINS), nat);
        assertFalse(kuberaf.command("iptables-save", "-t", "filter").stdout().contains(CHAINS));
        kuberaf.client("bundle:start kuberaf-proxy");
        awaitOutput(Duration.ofSeconds(30), () -> kuberaf.command("iptables-save", "-t", "nat").stdout(), out -> out.contains(":" + CHAINS + "SERVICES"));
    }

    // ---- helpers ----

    /** The page a client pod gets, or wget's error (busybox wget's own -T crashes; timeout bounds it). */
    private String fromClient(String url) {
        KuberafInstance.Result result = kuberaf.kubectl("exec", "client", "--", "timeout", "5", "wget", "-qO-", url);
        return result.exitCode() == 0 ? result.stdout().trim() : "exit " + result.exitCode() + ": " + result.stderr().trim();
    }

    private String fromHost(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().trim();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void apply(String file, String yaml) throws IOException {
        ok("apply", "-f", Files.writeString(work.resolve(file), yaml).toString());
    }

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

    private static int exitCode(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

}
