package io.kuberaf.itests.blackbox;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workloads as a user drives them with the real kubectl (issue 6): the seed's ReplicationController
 * heals and scales, a Deployment rolls out within maxSurge/maxUnavailable and rolls back, deletion
 * honours each propagation policy, and a pod that fits nowhere stays Pending with the scheduler's reason.
 *
 * <p>The workloads run on three hollow nodes (simulated runtime: pods become Running without
 * processes, every image but {@code missing/...} is present), so the seed's mysql:5.6 needs no
 * download. The machine's own node is cordoned rather than the workloads given a nodeSelector: the
 * commands stay the ones a user types ({@code kubectl create deployment} has no nodeSelector flag, the
 * seed's manifest is used unchanged), and the cordoned node shows in the FailedScheduling message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadsIT {

    private static final int SLOT = 3;
    private static final String REAL_NODE = BlackBox.node(SLOT);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private KuberafInstance kuberaf;
    private KubernetesClient client;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("workloads", SLOT);
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kuberaf.kubeconfig()))).build();
        work = Files.createDirectories(Path.of("target", "blackbox", "workloads-files").toAbsolutePath());
        String added = kuberaf.client("kuberaf:hollow-nodes add 3").assertSuccess().stdout();
        assertTrue(added.contains("Added 3 hollow nodes"), added);
        eventually("4 Ready nodes", () -> ok("get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}"),
                out -> out.split("=True").length - 1 == 4 && out.contains(REAL_NODE + "=True"));
        assertEquals("node/" + REAL_NODE + " cordoned\n", ok("cordon", REAL_NODE));
        String node = ok("get", "node", REAL_NODE);
        assertTrue(node.matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\n" + REAL_NODE + "\\s+Ready,SchedulingDisabled\\s+.*\n"), node);
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    // ---- the seed's ReplicationController ----

    @Test
    @Order(1)
    void seedReplicationControllerHealsAndSpreads() {
        assertEquals("replicationcontroller/mysql created\n",
                ok("create", "-f", BlackBox.seedExample("mysql-rc.yaml").toString()));
        eventually("mysql ready", () -> ok("get", "rc", "mysql"),
                out -> out.matches("(?s)NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE\nmysql\\s+1\\s+1\\s+1\\s+\\S+\n"));
        String first = onePodName("app=mysql");

        assertEquals("pod \"" + first + "\" deleted\n", ok("delete", "pod", first));
        eventually("a replacement pod, ready", () -> ok("get", "pods", "-l", "app=mysql", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.status.containerStatuses[0].ready}{\"\\n\"}{end}"),
                out -> out.matches("mysql-[a-z0-9]{5} true\n") && !out.startsWith(first + " "));
        assertNotEquals(first, onePodName("app=mysql"));
        eventually("the RC back to 1 ready", () -> ok("get", "rc", "mysql"), out -> out.matches("(?s).*\nmysql\\s+1\\s+1\\s+1\\s+.*"));

        assertEquals("replicationcontroller/mysql scaled\n", ok("scale", "rc", "mysql", "--replicas=3"));
        String pods = eventually("3 mysql pods Running", () -> ok("get", "pods", "-l", "app=mysql", "-o", "wide"),
                out -> out.lines().skip(1).filter(l -> l.matches("mysql-\\S+\\s+1/1\\s+Running\\s+.*")).count() == 3);
        eventually("the RC at 3 ready", () -> ok("get", "rc", "mysql"), out -> out.matches("(?s).*\nmysql\\s+3\\s+3\\s+3\\s+.*"));
        List<String> nodes = Arrays.asList(ok("get", "pods", "-l", "app=mysql", "-o",
                "jsonpath={.items[*].spec.nodeName}").split(" "));
        assertEquals(3, nodes.size(), pods);
        assertEquals(3, new TreeSet<>(nodes).size(), "one pod per hollow node:\n" + pods);
        assertTrue(nodes.stream().allMatch(n -> n.startsWith("hollow-")), "not on the cordoned node:\n" + pods);

        assertEquals("replicationcontroller \"mysql\" deleted\n", ok("delete", "rc", "mysql"));
        eventually("mysql pods gone", () -> ok("get", "pods", "-l", "app=mysql", "-o", "name"), String::isEmpty);
    }

    // ---- Deployment rollout and rollback ----

    @Test
    @Order(2)
    void deploymentRollsOutWithinSurgeAndUnavailableAndRollsBack() throws Exception {
        assertEquals("deployment.apps/nginx created\n",
                ok("create", "deployment", "nginx", "--image=kuberaf/busybox:latest", "--replicas=3"));
        eventually("nginx 3/3", () -> ok("get", "deployment", "nginx"),
                out -> out.matches("(?s)NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\nnginx\\s+3/3\\s+3\\s+3\\s+\\S+\n"));
        String firstRs = ok("get", "rs", "-l", "app=nginx", "-o", "name").trim();
        assertTrue(firstRs.matches("replicaset\\.apps/nginx-[a-z0-9]+"), firstRs);
        String firstHash = ok("get", firstRs, "-o", "jsonpath={.metadata.labels.pod-template-hash}");

        // maxSurge 25% of 3 rounds up to 1, maxUnavailable 25% rounds down to 0: at most 4 pods, at least 3 ready.
        try (RolloutObserver observer = new RolloutObserver(client, "default", "app=nginx", 4, 3)) {
            assertEquals("deployment.apps/nginx image updated\n",
                    ok("set", "image", "deployment/nginx", "busybox=kuberaf/busybox:v2"));
            String status = ok("rollout", "status", "deployment/nginx", "--timeout=120s");
            assertTrue(status.endsWith("deployment \"nginx\" successfully rolled out\n"), status);
            observer.assertHeld();
            System.out.println("WorkloadsIT rollout: " + observer);
            assertTrue(observer.maxActive() == 4, "the rollout surged by one pod: " + observer);
        }
        // Old pods may still be terminating when the rollout is reported complete.
        eventually("only v2 pods left", () -> ok("get", "pods", "-l", "app=nginx", "-o",
                "jsonpath={.items[*].spec.containers[0].image}"),
                "kuberaf/busybox:v2 kuberaf/busybox:v2 kuberaf/busybox:v2"::equals);
        String firstName = firstRs.substring(firstRs.indexOf('/') + 1);
        String secondName = ok("get", "deployment", "nginx", "-o", "jsonpath={.metadata.name}") + "-"
                + ok("get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[0].metadata.labels.pod-template-hash}");
        String describe = ok("describe", "deployment", "nginx");
        for (String line : List.of("StrategyType:           RollingUpdate",
                "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
                "OldReplicaSets:  " + firstName + " (0/0 replicas created)",
                "NewReplicaSet:   " + secondName + " (3/3 replicas created)",
                "deployment-controller  Scaled up replica set " + firstName + " from 0 to 3",
                "deployment-controller  Scaled up replica set " + secondName + " from 0 to 1",
                "deployment-controller  Scaled down replica set " + firstName + " from 3 to 2",
                "deployment-controller  Scaled down replica set " + firstName + " from 1 to 0")) {
            assertTrue(describe.contains(line), line + " in\n" + describe);
        }
        String history = ok("rollout", "history", "deployment/nginx");
        assertTrue(history.matches("deployment\\.apps/nginx\\s*\nREVISION\\s+CHANGE-CAUSE\n1\\s+<none>\n2\\s+<none>\n\n?"),
                history);
        String revision2 = ok("rollout", "history", "deployment/nginx", "--revision=2");
        assertTrue(revision2.contains("Image:") && revision2.contains("kuberaf/busybox:v2"), revision2);

        try (RolloutObserver observer = new RolloutObserver(client, "default", "app=nginx", 4, 3)) {
            assertEquals("deployment.apps/nginx rolled back\n", ok("rollout", "undo", "deployment/nginx"));
            String status = ok("rollout", "status", "deployment/nginx", "--timeout=120s");
            assertTrue(status.endsWith("deployment \"nginx\" successfully rolled out\n"), status);
            observer.assertHeld();
            System.out.println("WorkloadsIT rollout: " + observer);
        }
        // revision 1's RS back at 3, revision 2's at 0 (its status may lag the rollout by a moment)
        eventually("revision 1's RS at 3, revision 2's at 0", () -> ok("get", "rs", "-l", "app=nginx"),
                out -> out.matches("(?s).*\n" + firstName + "\\s+3\\s+3\\s+3\\s+.*")
                        && out.matches("(?s).*\nnginx-[a-z0-9]+\\s+0\\s+0\\s+0\\s+.*") && out.lines().count() == 3);
        assertEquals("3", ok("get", firstRs, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"),
                "the undone revision 1 became revision 3");
        eventually("only pods of revision 1's template left", () -> ok("get", "pods", "-l", "app=nginx", "-o",
                "jsonpath={range .items[*]}{.metadata.labels.pod-template-hash} {.spec.containers[0].image}{\"\\n\"}{end}"),
                (firstHash + " kuberaf/busybox:latest\n").repeat(3)::equals);
        String afterUndo = ok("rollout", "history", "deployment/nginx");
        assertTrue(afterUndo.matches("(?s).*\n2\\s+<none>\n3\\s+<none>\n.*") && !afterUndo.matches("(?s).*\n1\\s+<none>\n.*"),
                afterUndo);
        ok("delete", "deployment", "nginx");
    }

    // ---- deletion with each propagation policy ----

    @Test
    @Order(3)
    void backgroundDeletionRemovesTheDeploymentFirst() {
        String held = deploymentWithHeldPod("bg");
        assertEquals("deployment.apps \"bg\" deleted\n", ok("delete", "deployment", "bg", "--cascade=background"));
        assertTrue(kuberaf.kubectl("get", "deployment", "bg").assertFailure().stderr()
                .contains("deployments.apps \"bg\" not found"));
        eventually("the RS deleted after its Deployment", () -> ok("get", "rs", "-l", "app=bg", "-o", "name"), String::isEmpty);
        eventually("the pods terminating", () -> ok("get", "pod", held, "-o", "jsonpath={.metadata.deletionTimestamp}"),
                out -> !out.isEmpty());
        release(held);
        eventually("the pods gone", () -> ok("get", "pods", "-l", "app=bg", "-o", "name"), String::isEmpty);
    }

    @Test
    @Order(4)
    void foregroundDeletionKeepsTheDeploymentUntilItsDependentsAreGone() {
        String held = deploymentWithHeldPod("fg");
        assertEquals("deployment.apps \"fg\" deleted\n",
                ok("delete", "deployment", "fg", "--cascade=foreground", "--wait=false"));
        String rs = ok("get", "rs", "-l", "app=fg", "-o", "name").trim();
        eventually("the RS in foreground deletion too", () -> ok("get", rs, "-o",
                "jsonpath={.metadata.finalizers} {.metadata.deletionTimestamp}"), out -> out.startsWith("[\"foregroundDeletion\"] 20"));
        eventually("the held pod terminating", () -> ok("get", "pod", held, "-o", "jsonpath={.metadata.deletionTimestamp}"),
                out -> !out.isEmpty());
        eventually("the other pod gone", () -> ok("get", "pods", "-l", "app=fg", "-o", "name"),
                out -> out.equals("pod/" + held + "\n"));
        assertTrue(ok("get", "deployment", "fg", "-o", "jsonpath={.metadata.finalizers} {.metadata.deletionTimestamp}")
                .startsWith("[\"foregroundDeletion\"] 20"), "the Deployment waits for its last pod");
        assertTrue(ok("get", rs, "-o", "name").startsWith("replicaset.apps/fg-"), "and so does its RS");
        release(held);
        eventually("the Deployment gone after its RS and pods", () -> kuberaf.kubectl("get", "deployment", "fg").stderr(),
                out -> out.contains("deployments.apps \"fg\" not found"));
        assertEquals("", ok("get", "rs,pods", "-l", "app=fg", "-o", "name"));
    }

    @Test
    @Order(5)
    void orphanDeletionLeavesTheReplicaSetAndPods() {
        assertEquals("deployment.apps/orphan created\n",
                ok("create", "deployment", "orphan", "--image=kuberaf/busybox:latest", "--replicas=2"));
        eventually("orphan 2/2", () -> ok("get", "deployment", "orphan"), out -> out.matches("(?s).*\norphan\\s+2/2\\s+2\\s+2\\s+.*"));
        String pods = ok("get", "pods", "-l", "app=orphan", "-o", "name");
        assertEquals("deployment.apps \"orphan\" deleted\n", ok("delete", "deployment", "orphan", "--cascade=orphan"));
        assertTrue(kuberaf.kubectl("get", "deployment", "orphan").assertFailure().stderr()
                .contains("deployments.apps \"orphan\" not found"));
        String rs = ok("get", "rs", "-l", "app=orphan");
        assertTrue(rs.matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE\norphan-[a-z0-9]+\\s+2\\s+2\\s+2\\s+\\S+\n"), rs);
        assertEquals("", ok("get", "rs", "-l", "app=orphan", "-o", "jsonpath={.items[0].metadata.ownerReferences}"),
                "the orphaned RS has no owner");
        assertEquals(pods, ok("get", "pods", "-l", "app=orphan", "-o", "name"), "the same pods stay");
        assertEquals("ReplicaSet ReplicaSet", ok("get", "pods", "-l", "app=orphan", "-o",
                "jsonpath={.items[*].metadata.ownerReferences[0].kind}"), "still owned by their RS");
        ok("delete", "rs", "-l", "app=orphan");
        eventually("orphan pods gone", () -> ok("get", "pods", "-l", "app=orphan", "-o", "name"), String::isEmpty);
    }

    // ---- a pod that fits nowhere ----

    @Test
    @Order(6)
    void podThatFitsNoNodeStaysPendingWithTheSchedulersReason() throws Exception {
        Path huge = Files.writeString(work.resolve("huge.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n"
                + "  containers:\n  - name: c\n    image: kuberaf/busybox:latest\n    resources:\n      requests:\n        cpu: \"1000\"\n");
        assertEquals("pod/huge created\n", ok("create", "-f", huge.toString()));
        String describe = eventually("FailedScheduling", () -> ok("describe", "pod", "huge"), out -> out.contains("FailedScheduling"));
        // Kubernetes' FitError: reasons counted per node and sorted as strings; the cordoned node fails
        // NodeUnschedulable (not resolvable by preemption), the hollow nodes lack CPU.
        String reason = "0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu. preemption: "
                + "0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
        assertTrue(describe.matches("(?s).*\nStatus:\\s+Pending\n.*"), describe);
        assertTrue(describe.matches("(?s).*\nNode:\\s+<none>\n.*"), describe);
        assertTrue(describe.matches("(?s).*\nConditions:\n\\s+Type\\s+Status\n\\s+PodScheduled\\s+False\\s*\n.*"), describe);
        assertTrue(describe.matches("(?s).*\nEvents:\n\\s+Type\\s+Reason\\s+Age\\s+From\\s+Message\n.*"), describe);
        assertTrue(describe.matches("(?s).*\n\\s+Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+"
                + Pattern.quote(reason) + "\n.*"), describe);
        String get = ok("get", "pod", "huge");
        assertTrue(get.matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\nhuge\\s+0/1\\s+Pending\\s+0\\s+\\S+\n"), get);
        assertEquals("Unschedulable " + reason, ok("get", "pod", "huge", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason} {.status.conditions[?(@.type==\"PodScheduled\")].message}"));
        ok("delete", "pod", "huge");
    }

    // ---- helpers ----

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

    private String onePodName(String selector) {
        String names = ok("get", "pods", "-l", selector, "-o", "jsonpath={.items[*].metadata.name}");
        assertTrue(names.matches("\\S+"), "one pod: " + names);
        return names;
    }

    /**
     * A Deployment of two pods, one of which carries a finalizer of the test's, so that its deletion
     * can be watched in progress; returns that pod's name.
     */
    private String deploymentWithHeldPod(String name) {
        assertEquals("deployment.apps/" + name + " created\n",
                ok("create", "deployment", name, "--image=kuberaf/busybox:latest", "--replicas=2"));
        eventually(name + " 2/2", () -> ok("get", "deployment", name), out -> out.matches("(?s).*\n" + name + "\\s+2/2\\s+2\\s+2\\s+.*"));
        String pod = ok("get", "pods", "-l", "app=" + name, "-o", "jsonpath={.items[0].metadata.name}");
        ok("patch", "pod", pod, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"kuberaf.io/test-hold\"]}}");
        return pod;
    }

    private void release(String pod) {
        ok("patch", "pod", pod, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    }

    private String eventually(String what, Supplier<String> probe, Predicate<String> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within " + WAIT.toSeconds() + " s; last seen:\n" + last
                        + "\nlog:\n" + kuberaf.logTail());
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = probe.get();
        }
        return last;
    }

    /**
     * Follows a Deployment's pods from a list and the watch that continues it, and after each event
     * counts the pods not being deleted (active) and those of them Ready: the rollout's bounds must
     * hold at every resourceVersion, not only at the end.
     */
    private static final class RolloutObserver implements Watcher<Pod>, AutoCloseable {

        private final Map<String, Pod> pods = new HashMap<>();
        private final List<String> violations = new ArrayList<>();
        private final Set<String> seen = new TreeSet<>();
        private final Watch watch;
        private int maxActive;
        private int minReady = Integer.MAX_VALUE;
        private final int maxAllowed;
        private final int minAllowed;
        private int events;

        RolloutObserver(KubernetesClient client, String namespace, String selector, int maxPods, int minReadyPods) {
            this.maxAllowed = maxPods;
            this.minAllowed = minReadyPods;
            var list = client.pods().inNamespace(namespace).withLabelSelector(selector).list();
            list.getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
            synchronized (this) {
                count("list");
            }
            watch = client.pods().inNamespace(namespace).withLabelSelector(selector)
                    .watch(new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build(), this);
        }

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.DELETED) {
                pods.remove(name);
            } else {
                pods.put(name, pod);
            }
            events++;
            count(action + " " + name + " rv " + pod.getMetadata().getResourceVersion());
        }

        private void count(String at) {
            int active = 0;
            int ready = 0;
            for (Pod pod : pods.values()) {
                seen.add(pod.getMetadata().getName());
                if (pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(pod.getStatus().getPhase())
                        || "Failed".equals(pod.getStatus().getPhase())) {
                    continue;
                }
                active++;
                if (pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                    ready++;
                }
            }
            maxActive = Math.max(maxActive, active);
            minReady = Math.min(minReady, ready);
            if (active > maxAllowed || ready < minAllowed) {
                violations.add(at + ": " + active + " active, " + ready + " ready");
            }
        }

        synchronized void assertHeld() {
            assertTrue(seen.size() >= 2 * minAllowed, "the watch saw every pod replaced: " + this);
            assertTrue(maxActive <= maxAllowed && minReady >= minAllowed && violations.isEmpty(), toString());
        }

        synchronized int maxActive() {
            return maxActive;
        }

        @Override
        public void onClose(WatcherException cause) {
            if (cause != null) {
                synchronized (this) {
                    violations.add("watch closed: " + cause.getMessage());
                }
            }
        }

        @Override
        public synchronized String toString() {
            return events + " events, pods seen " + seen + ", at most " + maxActive + " active (allowed " + maxAllowed
                    + "), at least " + minReady + " ready (required " + minAllowed + "), violations " + violations;
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
