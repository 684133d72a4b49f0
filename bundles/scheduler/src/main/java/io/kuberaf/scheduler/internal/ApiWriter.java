package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kuberaf.client.events.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes what the scheduler reports, off the scheduling thread: Events (Scheduled, FailedScheduling), through
 * the client's {@link EventRecorder}, which folds a repeated FailedScheduling into a count, and the pods'
 * PodScheduled=False condition. When the writes fall far behind, new ones are dropped (and logged):
 * reporting never slows scheduling down.
 */
public final class ApiWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiWriter.class);
    public static final String COMPONENT = "default-scheduler";

    private final KubernetesClient client;
    private final EventRecorder events;
    private final ThreadPoolExecutor executor;

    /** {@code instance}: this member's name, the events' reportingInstance. */
    public ApiWriter(KubernetesClient client, String instance, int threads) {
        this.client = client;
        this.events = new EventRecorder(client, COMPONENT, null, instance);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(20_000),
                runnable -> {
                    Thread thread = new Thread(runnable, "scheduler-api-writer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public void scheduled(Pod pod, String node) {
        String message = "Successfully assigned " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                + " to " + node;
        events.record(EventRecorder.reference(pod), EventRecorder.NORMAL, "Scheduled", "Binding", message);
    }

    /** A FailedScheduling event and, if it changed, the PodScheduled=False condition with the same message. */
    public void unschedulable(Pod pod, String message) {
        failed(pod, message);
        submit(() -> setUnschedulableCondition(pod, message));
    }

    /** A FailedScheduling event only (binding errors, which are not the pod's fault). */
    public void failed(Pod pod, String message) {
        events.record(EventRecorder.reference(pod), EventRecorder.WARNING, "FailedScheduling", "Scheduling", message);
    }

    private void submit(Runnable write) {
        try {
            executor.execute(() -> {
                try {
                    write.run();
                } catch (KubernetesClientException e) {
                    LOG.debug("Scheduler report not written ({}): {}", e.getCode(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("Scheduler report not written: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Scheduler pod conditions fall behind; dropping one ({} waiting)", executor.getQueue().size());
        }
    }

    private void setUnschedulableCondition(Pod pod, String message) {
        if (hasCondition(pod, message)) {
            return;
        }
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "PodScheduled");
        condition.put("status", "False");
        condition.put("reason", "Unschedulable");
        condition.put("message", message);
        condition.put("lastProbeTime", null);
        condition.put("lastTransitionTime", now());
        String patch = client.getKubernetesSerialization().asJson(Map.of("status", Map.of("conditions", List.of(condition))));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    private static boolean hasCondition(Pod pod, String message) {
        if (pod.getStatus() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType())) {
                return "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason())
                        && message.equals(condition.getMessage());
            }
        }
        return false;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Waits up to {@code millis} for the writes already queued. */
    public void drain(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while ((executor.getActiveCount() > 0 || !executor.getQueue().isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        events.flush(Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis())));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        events.close();
    }
}
