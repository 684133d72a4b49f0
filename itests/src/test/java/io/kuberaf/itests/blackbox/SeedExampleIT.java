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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.kuberaf.itests.blackbox.BlackBox.awaitOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's worked example end to end (issue 7), as its reader types it: the four manifests of
 * examples/java-web-app/manifests created with the real kubectl, MySQL and the Java web app running in
 * Docker from the images of examples/java-web-app/images/build.sh, and the page at
 * http://127.0.0.1:30001/ (the NodePort Service myweb) showing the rows the app reads from MySQL through
 * the Service mysql. Deleting the MySQL pod: its ReplicationController replaces it and the page works
 * again, the web app reconnecting by itself.
 *
 * <p>Needs dockerd, the images, kube-proxy (NodePort and ClusterIP) and cluster DNS (the app reaches
 * MySQL as the host name {@code mysql}, as the seed's myweb-rc.yaml says); fails, never skips, with
 * the missing piece named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedExampleIT {

    private static final int SLOT = 9;
    private static final String NODE = BlackBox.node(SLOT);
    private static final URI PAGE = URI.create("http://127.0.0.1:30001/");
    private static final List<String> IMAGES = List.of("mysql:5.6", "kubeguide/tomcat-app:v1", "kuberaf/pause:3.9");
    /** The rows the web app puts in its table (examples/java-web-app/app, UsersTable.INITIAL_ROWS). */
    private static final List<String> ROWS = List.of(
            "<tr><td>1</td><td>Zhang San</td><td>administrator</td></tr>",
            "<tr><td>2</td><td>Li Si</td><td>developer</td></tr>",
            "<tr><td>3</td><td>Wang Wu</td><td>operator</td></tr>");

    // The header lines of the seed's session (kubernetes-intro.zh.md, "一个简单的例子"). Today's kubectl
    // adds TYPE after NAME in `get svc` (since 1.9); the other columns are the seed's.
    private static final String SEED_RC_HEADER = "NAME      DESIRED   CURRENT   READY     AGE";
    private static final String SEED_PODS_HEADER = "NAME          READY     STATUS    RESTARTS   AGE";
    private static final String SEED_SVC_HEADER = "NAME         CLUSTER-IP       EXTERNAL-IP   PORT(S)          AGE";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private KuberafInstance kuberaf;
    private long createdAt;
    private boolean pageServed;

    @BeforeAll
    void start() throws Exception {
        for (String image : IMAGES) {
            KuberafInstance.Result inspect = run("docker", "image", "inspect", "--format", "{{.Id}}", image);
            assertEquals(0, inspect.exitCode(), image + " is missing (or dockerd is not running): run "
                    + "examples/images/build.sh and examples/java-web-app/images/build.sh (.ci/run does)\n" + inspect.stderr());
        }
        kuberaf = BlackBox.start("seed-example", SLOT);
        awaitOutput(Duration.ofSeconds(120), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(),
                out -> out.contains(" Ready "));
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    @Test
    @Order(1)
    void theSeedsCommandsCreateTheExampleAndGetShowsTheSeedsColumns() throws Exception {
        createdAt = System.nanoTime();
        assertEquals("replicationcontroller/mysql created\n", create("mysql-rc.yaml"));
        assertEquals("service/mysql created\n", create("mysql-svc.yaml"));
        assertEquals("replicationcontroller/myweb created\n", create("myweb-rc.yaml"));
        assertEquals("service/myweb created\n", create("myweb-svc.yaml"));

        String rc = awaitOutput(Duration.ofSeconds(150), () -> ok("get", "rc"),
                out -> out.matches("(?s).*\nmysql\\s+1\\s+1\\s+1\\s.*") && out.matches("(?s).*\nmyweb\\s+1\\s+1\\s+1\\s.*"));
        assertEquals(columns(SEED_RC_HEADER), columns(firstLine(rc)), rc);

        String pods = awaitOutput(Duration.ofSeconds(60), () -> ok("get", "pods"),
                out -> out.lines().skip(1).filter(line -> line.matches("\\S+\\s+1/1\\s+Running\\s+0\\s+\\S+")).count() == 2);
        System.out.printf("SeedExampleIT: both pods Running %d s after the first kubectl create%n", secondsSince(createdAt));
        assertEquals(columns(SEED_PODS_HEADER), columns(firstLine(pods)), pods);
        assertTrue(pods.matches("(?s).*\nmysql-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s.*"), pods);
        assertTrue(pods.matches("(?s).*\nmyweb-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s.*"), pods);
        // The seed's tags carry no registry: IfNotPresent uses the images built here, nothing is pulled.
        assertTrue(ok("describe", "pod", "-l", "app=mysql").contains("Container image \"mysql:5.6\" already present on machine"));
        assertTrue(ok("describe", "pod", "-l", "app=myweb").contains("Container image \"kubeguide/tomcat-app:v1\" already present on machine"));

        String svc = ok("get", "svc");
        List<String> seedColumns = new java.util.ArrayList<>(columns(SEED_SVC_HEADER));
        seedColumns.add(1, "TYPE");
        assertEquals(seedColumns, columns(firstLine(svc)), svc);
        assertTrue(svc.matches("(?s).*\nmysql\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+3306/TCP\\s.*"), svc);
        assertTrue(svc.matches("(?s).*\nmyweb\\s+NodePort\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+8080:30001/TCP\\s.*"), svc);
    }

    @Test
    @Order(2)
    void theWebAppServesOnItsPodIp() throws Exception {
        // Checked before the NodePort, so that a failure there points at the proxy, not at the app or its image.
        String ip = ok("get", "pods", "-l", "app=myweb", "-o", "jsonpath={.items[0].status.podIP}");
        HttpResponse<String> page = awaitPage(URI.create("http://" + ip + ":8080/"), Duration.ofSeconds(60),
                response -> response.body().contains("<title>kubeguide/tomcat-app</title>"));
        assertTrue(page.statusCode() == 200 || page.statusCode() == 503, page.statusCode() + "\n" + page.body());
    }

    @Test
    @Order(3)
    void theNodePortShowsTheRowsReadFromMysql() throws Exception {
        HttpResponse<String> page = awaitRows(Duration.ofSeconds(120));
        System.out.printf("SeedExampleIT: %s showed the rows %d s after the first kubectl create%n", PAGE, secondsSince(createdAt));
        assertTrue(page.body().contains("read from MySQL at mysql:3306"), page.body());
        pageServed = true;
    }

    @Test
    @Order(4)
    void aDeletedMysqlPodIsReplacedAndTheAppReconnects() throws Exception {
        String mysql = ok("get", "pods", "-l", "app=mysql", "-o", "jsonpath={.items[*].metadata.name}");
        String web = ok("get", "pods", "-l", "app=myweb", "-o", "name");
        assertEquals("pod \"" + mysql + "\" deleted\n", ok("delete", "pod", mysql));

        String replacement = awaitOutput(Duration.ofSeconds(90), () -> ok("get", "pods", "-l", "app=mysql", "--no-headers"),
                out -> out.matches("mysql-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s+\\S+\n") && !out.startsWith(mysql + " "));
        assertNotEquals(mysql, replacement.split("\\s+")[0]);

        assertTrue(pageServed, "the page on " + PAGE + " never showed the rows (the previous test says why)");
        long replacedAt = System.nanoTime();
        awaitRows(Duration.ofSeconds(90));
        System.out.printf("SeedExampleIT: the page showed the rows again %d s after the new MySQL pod was Running%n",
                secondsSince(replacedAt));
        assertEquals(web, ok("get", "pods", "-l", "app=myweb", "-o", "name"), "the web app's pod is the same one");
        assertTrue(ok("get", "pods", "-l", "app=myweb", "--no-headers").matches("myweb-\\S+\\s+1/1\\s+Running\\s+0\\s.*\n"),
                "the web app reconnected without a restart");
    }

    // ---- helpers ----

    private HttpResponse<String> awaitRows(Duration timeout) throws Exception {
        HttpResponse<String> page = awaitPage(PAGE, timeout, response -> response.statusCode() == 200);
        for (String row : ROWS) {
            assertTrue(page.body().contains(row), "row " + row + " in:\n" + page.body());
        }
        return page;
    }

    /** GETs the page until it passes the check; on time-out, says which piece of the example is missing. */
    private HttpResponse<String> awaitPage(URI uri, Duration timeout, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (done.test(response)) {
                    return response;
                }
                last = "HTTP " + response.statusCode() + "\n" + response.body() + hintFor(response.body());
            } catch (ConnectException e) {
                last = "connection refused" + (uri.equals(PAGE) ? ": nothing forwards 127.0.0.1:30001 to Service myweb;"
                        + " the NodePort is kube-proxy's (bundles/proxy) work" : "");
            } catch (IOException e) {
                last = e + (uri.equals(PAGE) ? " (is kube-proxy programming NodePort 30001 for Service myweb?)" : "");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET " + uri + " not as expected within " + timeout.toSeconds() + " s; last: " + last
                        + "\n--- kubectl get pods,svc,endpoints -o wide:\n" + kuberaf.kubectl("get", "pods,svc,endpoints", "-o", "wide").stdout()
                        + "--- web app log:\n" + kuberaf.kubectl("logs", "-l", "app=myweb", "--tail=10").stdout());
            }
            Thread.sleep(1000);
        }
    }

    private static String hintFor(String body) {
        if (body.contains("Waiting for the database") && body.contains("unknown host mysql")) {
            return "\n(the web app cannot resolve the host name \"mysql\" of myweb-rc.yaml: cluster DNS (bundles/dns, the"
                    + " kubelet's clusterDNS) must answer it)";
        }
        if (body.contains("Waiting for the database")) {
            return "\n(the web app does not reach MySQL through Service mysql: ClusterIP 3306 is kube-proxy's work)";
        }
        return "";
    }

    private static long secondsSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanoTime);
    }

    private String create(String manifest) {
        return ok("create", "-f", BlackBox.seedExample(manifest).toString());
    }

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    private static List<String> columns(String header) {
        return Arrays.asList(header.trim().split("\\s+"));
    }


    private static KuberafInstance.Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        return new KuberafInstance.Result(ended ? process.exitValue() : -1, out, err);
    }
}
