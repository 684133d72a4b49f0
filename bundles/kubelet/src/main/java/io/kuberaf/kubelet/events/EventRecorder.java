package io.kuberaf.kubelet.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records core/v1 Events for one component on one host. The same event again (same object, field path,
 * type, reason and message) bumps the existing Event's count and lastTimestamp instead of creating a new one,
 * so that {@code kubectl describe} shows "(x3 over 2m)", as Kubernetes' event correlator does.
 *
 * <p>Events are written in the caller's thread, in order; a failed write is logged, never thrown.
 */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** How many distinct recent events a recorder remembers for aggregation (Kubernetes' correlator: 4096). */
    public static final int DEFAULT_REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final Map<String, Recorded> recent;

    public EventRecorder(KubernetesClient client, String component, String host) {
        this(client, component, host, DEFAULT_REMEMBERED);
    }

    /** {@code remembered}: how many distinct events to keep for aggregation (small for hollow nodes). */
    public EventRecorder(KubernetesClient client, String component, String host, int remembered) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = Clock.systemUTC();
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
                return size() > remembered;
            }
        };
    }

    public void normal(ObjectReference object, String reason, String message) {
        record(object, NORMAL, reason, message);
    }

    public void warning(ObjectReference object, String reason, String message) {
        record(object, WARNING, reason, message);
    }

    /** Creates the Event, or bumps the count of the same one recorded before. */
    public void record(ObjectReference object, String type, String reason, String message) {
        String key = aggregationKey(object, type, reason, message);
        String now = timestamp(clock.instant());
        Recorded previous;
        synchronized (recent) {
            previous = recent.get(key);
        }
        try {
            Recorded written = previous == null ? create(object, type, reason, message, now) : bump(previous, now, object, type, reason, message);
            synchronized (recent) {
                recent.put(key, written);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} {} for {} {}/{}: {}", type, reason, object.getKind(), object.getNamespace(),
                    object.getName(), e.getMessage());
        }
    }

    private Recorded bump(Recorded previous, String now, ObjectReference object, String type, String reason, String message) {
        int count = previous.count() + 1;
        String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}";
        try {
            client.v1().events().inNamespace(previous.namespace()).withName(previous.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return new Recorded(previous.namespace(), previous.name(), count);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            return create(object, type, reason, message, now);  // the old one expired or was deleted
        }
    }

    private Recorded create(ObjectReference object, String type, String reason, String message, String now) {
        String namespace = eventNamespace(object);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(object.getName() + "." + Long.toHexString(System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(object)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withSource(new EventSource(component, host))
                .withReportingComponent(component)
                .withReportingInstance(host)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        Event created = client.v1().events().inNamespace(namespace).resource(event).create();
        return new Recorded(namespace, created.getMetadata().getName(), 1);
    }

    /** Events about cluster-scoped objects (Nodes) go to the default namespace, as in Kubernetes. */
    static String eventNamespace(ObjectReference object) {
        return object.getNamespace() == null || object.getNamespace().isEmpty() ? "default" : object.getNamespace();
    }

    static String aggregationKey(ObjectReference object, String type, String reason, String message) {
        return String.join("\u0000", String.valueOf(object.getUid()), object.getKind(), String.valueOf(object.getNamespace()),
                object.getName(), String.valueOf(object.getFieldPath()), type, reason, message);
    }

    /** How many times this exact event was recorded by this recorder (0 if never or forgotten). */
    public int count(ObjectReference object, String type, String reason, String message) {
        synchronized (recent) {
            Recorded recorded = recent.get(aggregationKey(object, type, reason, message));
            return recorded == null ? 0 : recorded.count();
        }
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private record Recorded(String namespace, String name, int count) {
    }
}
