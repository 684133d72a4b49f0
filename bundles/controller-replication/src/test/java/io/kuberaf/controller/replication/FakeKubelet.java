package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the kubelet in controller tests (there is none): after a delay, pods become Running and
 * Ready (pods/status with the Ready condition and ready container statuses), and pods marked for
 * deletion are removed (grace period 0). Readiness can be held back for some pods.
 */
public final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fake-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Pod> informer;
    private volatile Duration readyDelay;
    private volatile Predicate<Pod> holdBack = pod -> false;

    public FakeKubelet(KubernetesClient client, Duration readyDelay) {
        this.client = client;
        this.readyDelay = readyDelay;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                handle(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                handle(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                scheduled.remove(pod.getMetadata().getUid());
            }
        });
    }

    public void readyDelay(Duration delay) {
        this.readyDelay = delay;
    }

    /** Pods matching this never become ready (until {@link #release} is called). */
    public void holdBack(Predicate<Pod> predicate) {
        this.holdBack = predicate;
    }

    /** Stops holding back and makes every waiting pod ready (after the delay). */
    public void release() {
        holdBack = pod -> false;
        scheduled.clear();
        informer.getStore().list().forEach(this::handle);
    }

    private void handle(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            timer.schedule(() -> deleteNow(pod), 10, TimeUnit.MILLISECONDS);
            return;
        }
        if (Pods.isReady(pod) || holdBack.test(pod) || !scheduled.add(pod.getMetadata().getUid())) {
            return;
        }
        timer.schedule(() -> markReady(client, pod, Instant.now()), readyDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deleteNow(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException ignored) {
            // gone already
        }
    }

    /** Writes Running, Ready=True since {@code readySince}, and ready container statuses. */
    public static void markReady(KubernetesClient client, Pod pod, Instant readySince) {
        setStatus(client, pod, true, readySince, 0);
    }

    /** Writes the pod's status: Running, ready or not since {@code since}, containers with {@code restarts}. */
    public static void setStatus(KubernetesClient client, Pod pod, boolean ready, Instant since, int restarts) {
        String time = since.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> containers = new ArrayList<>();
        pod.getSpec().getContainers().forEach(container -> containers.add(new ContainerStatusBuilder()
                .withName(container.getName()).withImage(container.getImage()).withImageID("fake://" + container.getImage())
                .withReady(ready).withStarted(true).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt(time).endRunning().endState()
                .build()));
        PodCondition readyCondition = new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(time).build();
        PodCondition containersReady = new PodConditionBuilder().withType("ContainersReady").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(time).build();
        for (int attempt = 0; ; attempt++) {
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(current -> {
                    PodStatus status = current.getStatus() == null ? new PodStatus() : current.getStatus();
                    status.setPhase("Running");
                    status.setStartTime(status.getStartTime() == null ? time : status.getStartTime());
                    status.setConditions(List.of(readyCondition, containersReady));
                    status.setContainerStatuses(containers);
                    current.setStatus(status);
                    return current;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (attempt >= 10) {
                    throw e;   // a concurrent write (409/422) is retried; this many in a row is a bug
                }
            }
        }
    }

    @Override
    public void close() {
        informer.close();
        timer.shutdownNow();
    }
}
