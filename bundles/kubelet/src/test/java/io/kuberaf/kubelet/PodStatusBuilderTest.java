package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.kubelet.PodStatusBuilder.Observed;
import io.kuberaf.kubelet.PodStatusBuilder.Waiting;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodStatusBuilderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final SandboxStatus SANDBOX = new SandboxStatus("sb1", new PodIdentity("ns", "web", "uid", 0),
            SandboxStatus.State.READY, NOW, "10.88.0.7", Map.of(), Map.of());

    @Test
    void aNewPodIsPendingWithContainersCreating() {
        PodStatus status = PodStatusBuilder.build(pod("Always", false), observed(null, Map.of(), Map.of(), Set.of()), NOW);
        assertEquals("Pending", status.getPhase());
        assertEquals("ContainerCreating", status.getContainerStatuses().get(0).getState().getWaiting().getReason());
        assertEquals("False", condition(status, "PodReadyToStartContainers").getStatus());
        assertEquals("ContainersNotReady", condition(status, "Ready").getReason());
        assertEquals("containers with unready status: [app]", condition(status, "Ready").getMessage());
        assertEquals("True", condition(status, "PodScheduled").getStatus(), "conditions the kubelet does not own are kept");
        assertNull(status.getPodIP());
        assertEquals("BestEffort", status.getQosClass());
    }

    @Test
    void initContainersRunFirst() {
        PodStatus status = PodStatusBuilder.build(pod("Always", true),
                observed(SANDBOX, Map.of("init", List.of(running("init", 0))), Map.of(), Set.of()), NOW);
        assertEquals("Pending", status.getPhase());
        assertEquals("PodInitializing", status.getContainerStatuses().get(0).getState().getWaiting().getReason());
        assertEquals("containers with incomplete status: [init]", condition(status, "Initialized").getMessage());
        assertEquals("10.88.0.7", status.getPodIP());
    }

    @Test
    void aRunningReadyContainerMakesThePodReady() {
        PodStatus status = PodStatusBuilder.build(pod("Always", true), observed(SANDBOX,
                Map.of("init", List.of(exited("init", 0, 0)), "app", List.of(running("app", 0))), Map.of(), Set.of()), NOW);
        assertEquals("Running", status.getPhase());
        assertEquals("True", condition(status, "Initialized").getStatus());
        assertEquals("True", condition(status, "Ready").getStatus());
        assertEquals("True", condition(status, "ContainersReady").getStatus());
        var app = status.getContainerStatuses().get(0);
        assertTrue(app.getReady());
        assertEquals("simulated://c-app-0", app.getContainerID());
        assertEquals("Completed", status.getInitContainerStatuses().get(0).getState().getTerminated().getReason());
    }

    @Test
    void readinessProbeFailureKeepsThePodUnready() {
        PodStatus status = PodStatusBuilder.build(pod("Always", false),
                observed(SANDBOX, Map.of("app", List.of(running("app", 0))), Map.of(), Set.of("app")), NOW);
        assertEquals("Running", status.getPhase());
        assertEquals("False", condition(status, "Ready").getStatus());
    }

    @Test
    void crashLoopShowsWaitingWithLastTermination() {
        Waiting backOff = new Waiting("CrashLoopBackOff", "back-off 20s restarting failed container=app pod=web_ns(uid)");
        PodStatus status = PodStatusBuilder.build(pod("Always", false), observed(SANDBOX,
                Map.of("app", List.of(exited("app", 1, 1), exited("app", 2, 1))), Map.of("app", backOff), Set.of()), NOW);
        var app = status.getContainerStatuses().get(0);
        assertEquals("CrashLoopBackOff", app.getState().getWaiting().getReason());
        assertEquals(backOff.message(), app.getState().getWaiting().getMessage());
        assertEquals(1, app.getLastState().getTerminated().getExitCode());
        assertEquals("Error", app.getLastState().getTerminated().getReason());
        assertEquals(2, app.getRestartCount());
        assertEquals("Running", status.getPhase());
    }

    @Test
    void restartPolicyNeverEndsInSucceededOrFailed() {
        PodStatus ok = PodStatusBuilder.build(pod("Never", false),
                observed(SANDBOX, Map.of("app", List.of(exited("app", 0, 0))), Map.of(), Set.of()), NOW);
        assertEquals("Succeeded", ok.getPhase());
        assertEquals("PodCompleted", condition(ok, "Ready").getReason());
        PodStatus failed = PodStatusBuilder.build(pod("Never", false),
                observed(SANDBOX, Map.of("app", List.of(exited("app", 0, 3))), Map.of(), Set.of()), NOW);
        assertEquals("Failed", failed.getPhase());
        PodStatus retrying = PodStatusBuilder.build(pod("OnFailure", false),
                observed(SANDBOX, Map.of("app", List.of(exited("app", 0, 3))), Map.of(), Set.of()), NOW);
        assertEquals("Running", retrying.getPhase());
    }

    @Test
    void transitionTimesStayWhileTheConditionDoesNotChange() {
        Pod pod = pod("Always", false);
        Observed observed = observed(SANDBOX, Map.of("app", List.of(running("app", 0))), Map.of(), Set.of());
        PodStatus first = PodStatusBuilder.build(pod, observed, NOW);
        pod.setStatus(first);
        PodStatus second = PodStatusBuilder.build(pod, observed, NOW.plusSeconds(60));
        assertEquals(first, second);
    }

    @Test
    void qosClasses() {
        Pod guaranteed = pod("Always", false);
        guaranteed.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("64Mi")).build());
        assertEquals("Guaranteed", PodStatusBuilder.qosClass(guaranteed));
        Pod burstable = pod("Always", false);
        burstable.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).build());
        assertEquals("Burstable", PodStatusBuilder.qosClass(burstable));
    }

    private static Pod pod(String restartPolicy, boolean withInit) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("uid").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withNodeName("node-a")
                .withContainers(new ContainerBuilder().withName("app").withImage("busybox").build()).endSpec()
                .withNewStatus().addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus();
        if (withInit) {
            b.editSpec().withInitContainers(new ContainerBuilder().withName("init").withImage("busybox").build()).endSpec();
        }
        return b.build();
    }

    private static Observed observed(SandboxStatus sandbox, Map<String, List<ContainerStatus>> containers,
                                     Map<String, Waiting> waiting, Set<String> notReady) {
        return new Observed(sandbox, containers, waiting, notReady, Set.of(), "127.0.0.1", "simulated");
    }

    private static ContainerStatus running(String name, int attempt) {
        return new ContainerStatus("c-" + name + "-" + attempt, "sb1", name, attempt, ContainerStatus.State.RUNNING, "busybox",
                "sha256:1", NOW, NOW, null, 0, null, null, Map.of(), Map.of());
    }

    private static ContainerStatus exited(String name, int attempt, int code) {
        return new ContainerStatus("c-" + name + "-" + attempt, "sb1", name, attempt, ContainerStatus.State.EXITED, "busybox",
                "sha256:1", NOW, NOW, NOW.plusSeconds(1), code, null, null, Map.of(), Map.of());
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
