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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.kuberaf.itests.blackbox.BlackBox.awaitOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node with real containers: the distribution's kubelet runs pods on this machine's Docker, driven
 * with the real kubectl as the seed shows it. Needs dockerd and the images of examples/images/build.sh
 * (.ci/run provides both); fails, never skips, without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeIT {

    private static final int SLOT = 2;
    private static final String NODE = BlackBox.node(SLOT);

    private KuberafInstance kuberaf;
    private Path work;
    private Path marks;

    @BeforeAll
    void start() throws Exception {
        KuberafInstance.Result docker = new ProcessRunner().run("docker", "version", "--format", "{{.Server.Version}}");
        assertEquals(0, docker.exitCode(), "these tests need a running dockerd (.ci/run starts one): " + docker.stderr());
        for (String image : List.of("kuberaf/busybox:latest", "kuberaf/pause:3.9")) {
            assertEquals(0, new ProcessRunner().run("docker", "image", "inspect", image).exitCode(),
                    image + " is missing: run examples/images/build.sh");
        }
        kuberaf = BlackBox.start("node", SLOT);
        work = Files.createDirectories(Path.of("target", "blackbox", "node-files").toAbsolutePath());
        marks = Files.createDirectories(work.resolve("marks"));
        awaitOutput(Duration.ofSeconds(120), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" Ready "));
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    @Test
    @Order(1)
    void aBusyboxPodRunsWithTheEventsOfTheSeedAndAnswersLogsAndExec() throws Exception {
        apply("bb.yaml", pod("bb", "['sh', '-c', 'echo hello from busybox; sleep 3600']", ""));
        ok("wait", "--for=condition=Ready", "pod/bb", "--timeout=120s");
        String row = ok("get", "pod", "bb", "-o", "wide", "--no-headers");
        assertTrue(row.matches("bb\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.202\\.\\d+\\.\\d+\\s+" + NODE + "\\s.*\n"), row);
        String events = eventsOf("bb");
        assertInOrder(events, "Scheduled", "Successfully assigned default/bb to " + NODE,
                "Pulled", "Container image \"kuberaf/busybox:latest\" already present on machine",
                "Created", "Created container bb", "Started", "Started container bb");
        assertEquals("hello from busybox\n", ok("logs", "bb"));
        assertEquals("bb\n", ok("exec", "bb", "--", "hostname"));
        KuberafInstance.Result failing = kuberaf.kubectl("exec", "bb", "--", "sh", "-c", "exit 3");
        assertEquals(3, failing.exitCode(), failing.stderr());
        String container = ok("get", "pod", "bb", "-o", "jsonpath={.status.containerStatuses[0].containerID}");
        assertTrue(container.startsWith("docker://"), container);
        String labels = docker("inspect", "--format", "{{index .Config.Labels \"io.kubernetes.pod.name\"}}",
                container.substring("docker://".length()));
        assertEquals("bb\n", labels);
    }

    @Test
    @Order(2)
    void aContainerThatExitsGoesToCrashLoopBackOffWithGrowingBackOff() throws Exception {
        apply("crash.yaml", pod("crash", "['sh', '-c', 'echo boom; exit 1']", ""));
        String row = awaitOutput(Duration.ofSeconds(150), () -> ok("get", "pod", "crash", "--no-headers"),
                out -> out.contains("CrashLoopBackOff") && restarts(out) >= 2);
        assertTrue(row.matches("crash\\s+0/1\\s+CrashLoopBackOff\\s+\\d+ \\(\\S+ ago\\)\\s+\\S+\n"), row);
        String describe = ok("describe", "pod", "crash");
        assertTrue(describe.contains("Reason:       CrashLoopBackOff"), describe);
        assertTrue(describe.contains("Last State:     Terminated") && describe.contains("Exit Code:    1"), describe);
        assertTrue(describe.contains("Back-off restarting failed container crash in pod crash_default("), describe);
        assertTrue(ok("logs", "crash", "--previous").contains("boom"));
    }

    @Test
    @Order(3)
    void aMissingImageGivesErrImagePullThenImagePullBackOff() throws Exception {
        // ErrImagePull lasts only until the first back-off: watch the STATUS column as `kubectl get -w` shows it.
        var watch = java.util.concurrent.CompletableFuture.supplyAsync(() -> kuberaf.command("timeout", "45", "kubectl",
                "get", "pods", "-w", "--no-headers", "--field-selector", "metadata.name=missing").stdout());
        Thread.sleep(1500);
        apply("missing.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: missing
                spec:
                  containers:
                  - name: app
                    image: 127.0.0.1:1/missing:1
                """);
        String statuses = watch.get(60, TimeUnit.SECONDS);
        assertInOrder(statuses, "ErrImagePull", "ImagePullBackOff");
        String events = eventsOf("missing");
        assertInOrder(events, "Pulling", "Pulling image \"127.0.0.1:1/missing:1\"",
                "Failed", "Failed to pull image \"127.0.0.1:1/missing:1\"", "Error: ErrImagePull");
        assertTrue(events.contains("Back-off pulling image \"127.0.0.1:1/missing:1\""), events);
        assertTrue(events.contains("Error: ImagePullBackOff"), events);
    }

    @Test
    @Order(4)
    void aFailingLivenessProbeRestartsTheContainer() throws Exception {
        apply("live.yaml", pod("live", "['sh', '-c', 'touch /tmp/healthy; sleep 4; rm /tmp/healthy; sleep 3600']", """
                    livenessProbe:
                      exec:
                        command: ['cat', '/tmp/healthy']
                      initialDelaySeconds: 1
                      periodSeconds: 2
                      failureThreshold: 1
                """));
        awaitOutput(Duration.ofSeconds(120), () -> ok("get", "pod", "live", "--no-headers"), out -> restarts(out) >= 1);
        String events = eventsOf("live");
        assertTrue(events.contains("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"), events);
        assertTrue(events.contains("Container live failed liveness probe, will be restarted"), events);
    }

    @Test
    @Order(5)
    void aDeletedPodGetsSigtermAndWithinItsGracePeriodThenSigkill() throws Exception {
        apply("grace.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: grace
                spec:
                  terminationGracePeriodSeconds: 30
                  containers:
                  - name: grace
                    image: kuberaf/busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: ['sh', '-c', 'trap "echo TERM > /marks/term; exit 0" TERM; while true; do sleep 1; done']
                    volumeMounts:
                    - {name: marks, mountPath: /marks}
                  volumes:
                  - name: marks
                    hostPath: {path: %s}
                """.formatted(marks));
        apply("stubborn.yaml", pod("stubborn", "['sleep', '3600']", "").replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: 4\n"));
        ok("wait", "--for=condition=Ready", "pod/grace", "pod/stubborn", "--timeout=120s");

        long start = System.nanoTime();
        ok("delete", "pod", "grace");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("TERM\n", Files.readString(marks.resolve("term")), "the container saw SIGTERM");
        assertTrue(seconds < 20, "a container that exits on SIGTERM does not wait for its grace period: " + seconds + " s");

        start = System.nanoTime();
        ok("delete", "pod", "stubborn");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 4000 && millis < 20_000, "sleep ignores SIGTERM: killed after its 4 s grace, took " + millis + " ms");
    }

    @Test
    @Order(6)
    void updatingTheKubeletBundleLeavesRunningContainersUntouched() throws Exception {
        String before = ok("get", "pod", "bb", "-o", "jsonpath={.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount}");
        String id = before.split(" ")[0].substring("docker://".length());
        String startedAt = docker("inspect", "--format", "{{.State.StartedAt}}", id);
        String update = kuberaf.client("bundle:update kuberaf-kubelet").stdout();
        assertTrue(!update.contains("Exception"), update);
        awaitOutput(Duration.ofSeconds(90), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" Ready "));
        Thread.sleep(5000); // a kubelet that wrongly restarted pods would have done it by now
        ok("wait", "--for=condition=Ready", "pod/bb", "--timeout=60s");
        assertEquals(before, ok("get", "pod", "bb", "-o",
                "jsonpath={.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount}"));
        assertEquals(startedAt, docker("inspect", "--format", "{{.State.StartedAt}}", id));
    }

    @Test
    @Order(7)
    void aNodeThatStopsRenewingBecomesNotReadyAndItsPodsAreEvicted() throws Exception {
        apply("evictee.yaml", pod("evictee", "['sleep', '3600']", "").replace("spec:\n", """
                spec:
                  terminationGracePeriodSeconds: 2
                  tolerations:
                  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
                  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
                """));
        ok("wait", "--for=condition=Ready", "pod/evictee", "--timeout=120s");
        kuberaf.client("bundle:stop kuberaf-kubelet");
        awaitOutput(Duration.ofSeconds(90), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" NotReady "));
        assertTrue(ok("describe", "node", NODE).contains("node.kubernetes.io/unreachable:NoExecute"));
        awaitOutput(Duration.ofSeconds(120), () -> kuberaf.kubectl("get", "pod", "evictee", "--no-headers").stderr(),
                err -> err.contains("NotFound"));
        assertTrue(ok("get", "pod", "bb", "--no-headers").contains("bb "), "a pod tolerating 300 s stays");
        kuberaf.client("bundle:start kuberaf-kubelet");
        awaitOutput(Duration.ofSeconds(90), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" Ready "));
        awaitOutput(Duration.ofSeconds(90), () -> docker("ps", "-q", "--filter", "label=io.kubernetes.pod.name=evictee"),
                String::isBlank);
    }

    // ---- helpers ----

    private static String pod(String name, String command, String probe) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  containers:
                  - name: %s
                    image: kuberaf/busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: %s
                %s""".formatted(name, name, command, probe);
    }

    private void apply(String file, String yaml) throws IOException {
        ok("apply", "-f", Files.writeString(work.resolve(file), yaml).toString());
    }

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

    private String docker(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return kuberaf.command(command).assertSuccess().stdout();
    }

    private String eventsOf(String pod) {
        String describe = ok("describe", "pod", pod);
        return describe.substring(describe.indexOf("Events:"));
    }

    private static int restarts(String row) {
        String[] columns = row.trim().split("\\s+");
        return columns.length > 3 ? Integer.parseInt(columns[3]) : -1;
    }

    private static void assertInOrder(String text, String... parts) {
        int at = 0;
        for (String part : parts) {
            int found = text.indexOf(part, at);
            assertTrue(found >= 0, "\"" + part + "\" (in this order) in:\n" + text);
            at = found + part.length();
        }
    }


    /** Runs a command before the instance exists (the Docker checks). */
    private static final class ProcessRunner {
        KuberafInstance.Result run(String... command) throws Exception {
            Process process = new ProcessBuilder(command).start();
            String out = new String(process.getInputStream().readAllBytes());
            String err = new String(process.getErrorStream().readAllBytes());
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            return new KuberafInstance.Result(ended ? process.exitValue() : -1, out, err);
        }
    }
}
