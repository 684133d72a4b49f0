package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Writes what the scheduler reports, off the scheduling thread: Events (Scheduled, FailedScheduling) and
 * the pods' PodScheduled=False condition. A repeated FailedScheduling with the same message for the same
 * pod increments the count of the previous Event, as client-go's event correlator does, instead of
 * creating another. When the writes fall far behind, new ones are dropped (and logged): reporting never
 * slows scheduling down.
 */
public final class ApiWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiWriter.class);
    public static final String COMPONENT = "default-scheduler";
    private static final int MAX_REMEMBERED_EVENTS = 4096;

    private final KubernetesClient client;
    private final String instance;
    private final ThreadPoolExecutor executor;
    /** Pod uid to its last FailedScheduling event, for counting repeats. */
    private final Map<String, LastEvent> lastFailures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LastEvent> eldest) {
            return size() > MAX_REMEMBERED_EVENTS;
        }
    };

    private record LastEvent(String name, String message, int count) {
    }

    public ApiWriter(KubernetesClient client, String instance, int threads) {
        this.client = client;
        this.instance = instance;
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
        submit(() -> createEvent(pod, "Normal", "Scheduled", "Binding", message));
    }

    /** A FailedScheduling event and, if it changed, the PodScheduled=False condition with the same message. */
    public void unschedulable(Pod pod, String message) {
        submit(() -> {
            failedEvent(pod, message);
            setUnschedulableCondition(pod, message);
        });
    }

    /** A FailedScheduling event only (binding errors, which are not the pod's fault). */
    public void failed(Pod pod, String message) {
        submit(() -> failedEvent(pod, message));
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
            LOG.warn("Scheduler events and pod conditions fall behind; dropping one ({} waiting)", executor.getQueue().size());
        }
    }

    private void failedEvent(Pod pod, String message) {
        String uid = pod.getMetadata().getUid();
        LastEvent last;
        synchronized (lastFailures) {
            last = lastFailures.get(uid);
        }
        if (last != null && last.message().equals(message) && incrementCount(pod, last)) {
            synchronized (lastFailures) {
                lastFailures.put(uid, new LastEvent(last.name(), message, last.count() + 1));
            }
            return;
        }
        String name = createEvent(pod, "Warning", "FailedScheduling", "Scheduling", message);
        synchronized (lastFailures) {
            lastFailures.put(uid, new LastEvent(name, message, 1));
        }
    }

    private boolean incrementCount(Pod pod, LastEvent last) {
        String patch = client.getKubernetesSerialization().asJson(Map.of("count", last.count() + 1, "lastTimestamp", now()));
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).withName(last.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return true;
        } catch (KubernetesClientException e) {
            return false; // gone (TTL, deleted): create a new one
        }
    }

    private String createEvent(Pod pod, String type, String reason, String action, String message) {
        String now = now();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                    .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion("v1").withKind("Pod")
                    .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withAction(action).withMessage(message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event).create();
        return event.getMetadata().getName();
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
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
