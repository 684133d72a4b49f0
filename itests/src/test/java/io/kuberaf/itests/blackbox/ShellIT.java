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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's {@code kubectl:} commands run through the real shell (bin/client against the
 * running distribution) and compared with the real kubectl's output for the same objects: the
 * seed's manifests, whose pods run the images examples/java-web-app/images/build.sh makes, with a
 * history of events. Durations and event counts differ by the second between two runs and
 * are masked, as are the column paddings they change; everything else must match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellIT {

    private static final int SLOT = 4;
    private static final List<String> SEED = List.of("mysql-rc.yaml", "mysql-svc.yaml", "myweb-rc.yaml", "myweb-svc.yaml");
    private static final Pattern DURATION = Pattern.compile("\\b(\\d+[smhd])+\\b|<unknown>");
    private static final Pattern EVENT_COUNT = Pattern.compile("\\(x\\d+ over ");


    private KuberafInstance kuberaf;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("shell", SLOT);
        work = Files.createDirectories(Path.of("target", "blackbox", "shell-files").toAbsolutePath());
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    // ---- running the two ----

    /**
     * A console command through bin/client, its input held open until it ends (Karaf 4.4's client
     * quits at end of input). JAVA_HOME is set, else the script prints a warning on stdout.
     */
    private String shell(String command) {
        String text = kuberaf.client(command).stdout();
        assertNoStackTrace(command, text);
        return text;
    }

    private String kubectl(String... args) {
        KuberafInstance.Result result = kuberaf.kubectl(args);
        return result.stdout() + result.stderr();
    }

    private static void assertNoStackTrace(String command, String text) {
        assertFalse(text.contains("Exception") || text.contains("\tat "), command + " printed a stack trace:\n" + text);
    }

    /** The console's {@code kubectl:ARGS} and kubectl's ARGS print the same, once masked. */
    private void same(String args) {
        same(args, Pattern.compile("$^"));
    }

    /** The same, also masking what changes on its own between two reads (a lease's renew time). */
    private void same(String args, Pattern moving) {
        String fromShell = shell("kubectl:" + args);
        String fromKubectl = kubectl(args.split(" "));
        assertFalse(fromKubectl.isBlank(), "kubectl " + args + " printed nothing");
        assertEquals(masked(moving.matcher(fromKubectl).replaceAll("<moving>")),
                masked(moving.matcher(fromShell).replaceAll("<moving>")), "kubectl:" + args + " vs kubectl " + args);
    }

    private static String masked(String text) {
        String durations = DURATION.matcher(text).replaceAll("<age>");
        String counts = EVENT_COUNT.matcher(durations).replaceAll("(xN over ");
        return counts.lines().map(line -> line.replaceAll(" {2,}", "  ").stripTrailing())
                .collect(Collectors.joining("\n"));
    }

    private static String seedFiles(String flag) {
        return SEED.stream().map(f -> flag + " " + BlackBox.seedExample(f).toAbsolutePath()).collect(Collectors.joining(" "));
    }

    private String mysqlPod() {
        String names = kuberaf.kubectl("get", "pods", "-l", "app=mysql", "-o", "name").assertSuccess().stdout().trim();
        assertTrue(names.startsWith("pod/"), names);
        return names.substring("pod/".length()).lines().findFirst().orElseThrow();
    }

    /** The seed's two pods run: .ci/run builds mysql:5.6 and kubeguide/tomcat-app:v1 on the machine. */
    private void awaitSeedPodsRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String pods = kubectl("get", "pods");
            if (pods.lines().filter(l -> l.matches("(mysql|myweb)-\\w+\\s+1/1\\s+Running\\s.*")).count() == 2) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the seed's pods are not Running (are the images of examples/java-web-app/images/build.sh"
                + " on the machine?):\n" + kubectl("get", "pods"));
    }

    // ---- the seed's example, created through the console ----

    @Test
    @Order(1)
    void createThroughTheConsolePrintsWhatKubectlPrints() throws Exception {
        String fromShell = shell("kubectl:create " + seedFiles("-f"));
        kuberaf.kubectl("create", "namespace", "by-kubectl").assertSuccess();
        // The NodePort of myweb is the cluster's: kubectl's copy asks for another one.
        Path myweb = Files.writeString(work.resolve("myweb-svc.yaml"),
                Files.readString(BlackBox.seedExample("myweb-svc.yaml")).replace("30001", "30002"));
        String fromKubectl = kubectl("create", "-n", "by-kubectl", "-f", BlackBox.seedExample("mysql-rc.yaml").toString(),
                "-f", BlackBox.seedExample("mysql-svc.yaml").toString(), "-f", BlackBox.seedExample("myweb-rc.yaml").toString(),
                "-f", myweb.toString());
        assertEquals("replicationcontroller/mysql created\nservice/mysql created\n"
                + "replicationcontroller/myweb created\nservice/myweb created\n", fromShell);
        assertEquals(fromKubectl, fromShell);
        awaitSeedPodsRunning();
    }

    // ---- reading: the same columns, the same describe sections ----

    @Test
    @Order(10)
    void getTables() {
        same("get rc,pods,svc");
        same("get pods -o wide");
        same("get nodes");
        same("get pods -o name");
    }

    @Test
    @Order(11)
    void getYamlAndJsonPath() {
        same("get svc mysql -o yaml");
        same("get rc mysql -o jsonpath={.spec.replicas}");
        assertEquals("1", shell("kubectl:get rc mysql -o jsonpath={.spec.replicas}"));
    }

    @Test
    @Order(12)
    void describeControllersAndServices() {
        same("describe rc mysql");
        same("describe svc myweb");
    }

    @Test
    @Order(13)
    void describePodWithItsEvents() {
        String pod = mysqlPod();
        String fromShell = shell("kubectl:describe pod " + pod);
        assertTrue(fromShell.contains("Events:") && fromShell.contains("Container image \"mysql:5.6\" already present on machine"),
                fromShell);
        same("describe pod " + pod);
    }

    @Test
    @Order(14)
    void describeNode() {
        // The kubelet renews its lease and heartbeats every few seconds.
        same("describe node " + BlackBox.node(SLOT), Pattern.compile("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"));
    }

    @Test
    @Order(15)
    void apiResources() {
        String fromShell = shell("kubectl:api-resources");
        assertTrue(fromShell.startsWith("NAME"), fromShell);
        assertTrue(fromShell.lines().anyMatch(l -> l.matches("replicationcontrollers\\s+rc\\s+v1\\s+true\\s+ReplicationController")),
                fromShell);
        same("api-resources");
    }

    // ---- errors: kubectl's words ----

    @Test
    @Order(20)
    void errorsInKubectlsWords() {
        same("get rc nope");
        same("get nopes");
        same("describe svc nope");
        same("create -f /no/such/manifest.yaml");
        assertEquals("Error from server (NotFound): replicationcontrollers \"nope\" not found\n", shell("kubectl:get rc nope"));
    }

    // ---- writing ----

    @Test
    @Order(30)
    void scaleAsKubectlScales() {
        String fromShell = shell("kubectl:scale rc myweb --replicas=1");
        assertEquals("replicationcontroller/myweb scaled\n", fromShell);
        assertEquals(fromShell, kubectl("scale", "-n", "by-kubectl", "rc", "myweb", "--replicas=1"));
        String fromShellBefore = shell("kubectl:scale --replicas=2 rc/myweb");
        assertEquals(fromShellBefore, kubectl("scale", "-n", "by-kubectl", "--replicas=2", "rc/myweb"));
        assertEquals("2", kubectl("get", "rc", "myweb", "-o", "jsonpath={.spec.replicas}"));
    }

    // ---- the console's own commands ----

    @Test
    @Order(40)
    void kuberafStatusNodesAndControllers() {
        String status = shell("kuberaf:status");
        assertTrue(status.startsWith("Store:    "), status);
        List<String> bundles = status.lines().filter(l -> l.matches("  \\d+ .*")).collect(Collectors.toList());
        for (String component : List.of("apiserver", "store", "scheduler", "controller", "kubelet", "runtime", "shell")) {
            assertTrue(bundles.stream().anyMatch(l -> l.contains(component)), component + " in\n" + status);
        }
        bundles.forEach(line -> assertTrue(line.matches("  \\d+ +\\S+ +Active .*"), line + " in\n" + status));
        String nodes = shell("kuberaf:nodes");
        assertTrue(nodes.lines().anyMatch(l -> l.contains(BlackBox.node(SLOT)) && l.contains("docker")), nodes);
        String controllers = shell("kuberaf:controllers list");
        assertTrue(controllers.toLowerCase().contains("replication"), controllers);
    }

    @Test
    @Order(41)
    void hollowNodesShowInGetNodes() throws Exception {
        String added = shell("kuberaf:hollow-nodes add 2");
        assertTrue(added.startsWith("Added 2 hollow nodes"), added);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String nodes = "";
        while (System.nanoTime() < deadline) {
            nodes = shell("kubectl:get nodes");
            if (nodes.lines().count() == 4) {
                break;
            }
            Thread.sleep(1000);
        }
        assertEquals(4, nodes.lines().count(), nodes);
        same("get nodes");
    }

    @Test
    @Order(42)
    void imagesImportedFromAnArchiveRunPods() throws Exception {
        // An image the node has never seen: a new tag saved to an archive, then the tag removed.
        String image = "kuberaf/imported:shell-it";
        Path archive = work.resolve("imported.tar");
        kuberaf.command("docker", "tag", "kuberaf/busybox:latest", image).assertSuccess();
        kuberaf.command("docker", "save", "-o", archive.toString(), image).assertSuccess();
        kuberaf.command("docker", "rmi", image).assertSuccess();
        try {
            String loaded = shell("kuberaf:images import " + archive);
            assertTrue(loaded.startsWith("Loaded image: " + image + " ("), loaded);
            assertEquals(1, loaded.lines().count(), "only the tag the archive holds: " + loaded);
            assertTrue(loaded.contains("into runtime docker"), loaded);
            String list = shell("kuberaf:images --runtime docker list");
            assertTrue(list.startsWith("RUNTIME"), list);
            assertTrue(list.lines().anyMatch(l -> l.matches("docker +kuberaf/imported +shell-it +\\w{12,} +\\S+B")), list);

            kuberaf.kubectl("run", "imported", "--image=" + image, "--image-pull-policy=Never", "--command", "--", "sleep", "3600")
                    .assertSuccess();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String phase = "";
            while (System.nanoTime() < deadline && !phase.equals("Running")) {
                Thread.sleep(500);
                phase = kuberaf.kubectl("get", "pod", "imported", "-o", "jsonpath={.status.phase}").stdout();
            }
            assertEquals("Running", phase, kubectl("describe", "pod", "imported"));
        } finally {
            kuberaf.kubectl("delete", "pod", "imported", "--grace-period=1", "--ignore-not-found");
            kuberaf.command("docker", "rmi", image);
        }
    }

    @Test
    @Order(43)
    void imagesImportSaysWhatIsWrong() throws Exception {
        String missing = shell("kuberaf:images import " + work.resolve("no-such.tar"));
        assertTrue(missing.contains("does not exist"), missing);
        Path notAnArchive = Files.writeString(work.resolve("not-an-archive.tar"), "hello\n");
        String refused = shell("kuberaf:images import " + notAnArchive);
        assertTrue(refused.contains("Docker could not load the image archive"), refused);
        String unknown = shell("kuberaf:images --runtime nope import " + notAnArchive);
        assertTrue(unknown.contains("no container runtime named \"nope\""), unknown);
    }

    // ---- cleaning up ----

    @Test
    @Order(50)
    void deleteFromManifestsAsKubectlDeletes() {
        String fromShell = shell("kubectl:delete " + seedFiles("-f"));
        String fromKubectl = kubectl(("delete -n by-kubectl " + seedFiles("-f").replace(
                BlackBox.seedExample("myweb-svc.yaml").toAbsolutePath().toString(),
                work.resolve("myweb-svc.yaml").toString())).split(" "));
        assertEquals("replicationcontroller \"mysql\" deleted\nservice \"mysql\" deleted\n"
                + "replicationcontroller \"myweb\" deleted\nservice \"myweb\" deleted\n", fromShell);
        assertEquals(fromKubectl, fromShell);
        same("get rc nope");
    }
}
