package io.kuberaf.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Records core/v1 Events for one component ("kubelet" on a host, "default-scheduler",
 * "replicaset-controller"...). The same event again (same object, type, reason and message) bumps
 * the count and lastTimestamp of the Event already written, as Kubernetes' event correlator does.
 * Writes happen on a background thread: recording never blocks or fails the caller.
 */
public final class EventRecorder implements AutoCloseable {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 4096;
    private static final int QUEUED = 20_000;

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(KubernetesClient client, String component, String host) {
        this(client, component, host, Clock.systemUTC());
    }

    EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        // Bounded: when the apiserver falls far behind, new events are dropped (and logged), never queued
        // without limit or waited for.
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED),
                runnable -> {
                    Thread thread = new Thread(runnable, "events-" + component);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(reference(object), NORMAL, reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(reference(object), WARNING, reason, message);
    }

    /** Records an event about the object {@code involved} refers to (a container: fieldPath set). */
    public void record(ObjectReference involved, String type, String reason, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            writer.execute(() -> write(involved, type, reason, message, now));
        } catch (RejectedExecutionException e) {
            LOG.debug("Event {} for {} dropped: the recorder is closed or {} events wait", reason, involved.getName(), QUEUED);
        }
    }

    /** A reference to an object, for {@link #record}; add a fieldPath for a container. */
    public static ObjectReference reference(HasMetadata object) {
        return new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion())
                .withKind(object.getKind())
                .withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .build();
    }

    private void write(ObjectReference involved, String type, String reason, String message, Instant now) {
        String key = String.join("\u0000", Objects.toString(involved.getUid(), involved.getName()),
                Objects.toString(involved.getFieldPath(), ""), type, reason, message);
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        Event previous;
        synchronized (recent) {
            previous = recent.get(key);
        }
        try {
            Event written = previous == null ? create(involved, type, reason, message, now, timestamp)
                    : bump(previous, timestamp, involved, type, reason, message, now);
            synchronized (recent) {
                recent.put(key, written);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} {} for {} {}/{}: {}", type, reason, involved.getKind(),
                    involved.getNamespace(), involved.getName(), e.getMessage());
        }
    }

    private Event create(ObjectReference involved, String type, String reason, String message, Instant now, String timestamp) {
        String namespace = involved.getNamespace() == null || involved.getNamespace().isEmpty() ? "default" : involved.getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(involved.getName() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                .endMetadata()
                .withInvolvedObject(involved)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withSource(new EventSource(component, host))
                .withReportingComponent(component)
                .withReportingInstance(host == null ? component : host)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now)))
                .withAction(reason)
                .withCount(1)
                .build();
        return client.v1().events().inNamespace(namespace).resource(event).create();
    }

    private Event bump(Event previous, String timestamp, ObjectReference involved, String type, String reason,
                       String message, Instant now) {
        int count = previous.getCount() == null ? 2 : previous.getCount() + 1;
        String patch = client.getKubernetesSerialization().asJson(Map.of("count", count, "lastTimestamp", timestamp));
        try {
            return client.v1().events().inNamespace(previous.getMetadata().getNamespace())
                    .withName(previous.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                // The event expired (events live an hour): start a new one.
                return create(involved, type, reason, message, now, timestamp);
            }
            throw e;
        }
    }

    /** Waits up to {@code timeout} for the events already recorded to be written (tests, orderly stops). */
    public void flush(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((writer.getActiveCount() > 0 || !writer.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
