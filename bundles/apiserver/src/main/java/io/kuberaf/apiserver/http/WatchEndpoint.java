package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.registry.ListOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import io.kuberaf.apiserver.table.TableConvertor;
import io.kuberaf.apiserver.table.Tables;
import io.kuberaf.apiserver.watch.CachedEvent;
import io.kuberaf.apiserver.watch.WatchCache;
import io.kuberaf.apiserver.watch.WatchSink;
import io.kuberaf.apiserver.watch.WatchStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code GET ...?watch=1}: a stream of ADDED/MODIFIED/DELETED (and BOOKMARK) events from the watch
 * cache, filtered by namespace, name, labels and fields. Without a resourceVersion (or with "0")
 * the stream starts with the current objects as ADDED events, as kube-apiserver does.
 */
public final class WatchEndpoint {

    private static final int MAX_PENDING_EVENTS = 10_000;

    private final ResourceHandler resources;
    private final ObjectRegistry objects;
    private final WatchCache cache;
    private final Tables tables;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final long bookmarkIntervalSeconds;

    public WatchEndpoint(ResourceHandler resources, ObjectRegistry objects, WatchCache cache, Tables tables,
                         ScheduledExecutorService timers, Clock clock, long bookmarkIntervalSeconds) {
        this.resources = resources;
        this.objects = objects;
        this.cache = cache;
        this.tables = tables;
        this.timers = timers;
        this.clock = clock;
        this.bookmarkIntervalSeconds = bookmarkIntervalSeconds;
    }

    /**
     * What one watch request asks for, checked before anything is sent: the first events (when
     * no resourceVersion is given) and the revision to follow from.
     */
    public record Plan(ResourceType type, String prefix, ListOptions filter, List<ObjectNode> initial, long after,
                       Function<ObjectNode, ObjectNode> encoder, ApiRequest request) {
    }

    public Plan plan(ApiRequest request, RequestPath path) {
        ResourceType type = resources.type(path);
        if (path.subresource() != null || !type.supports("watch")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        String namespace = type.namespaced() ? path.namespace() : null;
        ListOptions options = path.name() != null ? withName(type, request, path.name()) : resources.listOptions(type, request);
        String rv = options.resourceVersion();
        List<ObjectNode> initial = new ArrayList<>();
        long after;
        if (rv.isEmpty() || rv.equals("0")) {
            ObjectNode list = objects.list(type, namespace, options.selectorsOnly());
            list.path("items").forEach(item -> initial.add((ObjectNode) item));
            after = Long.parseLong(list.path("metadata").path("resourceVersion").asText());
        } else {
            after = ObjectRegistry.parseResourceVersion(rv);
        }
        return new Plan(type, type.collectionPrefix(namespace), options, initial, after, encoder(type, request), request);
    }

    /** {@code GET ...?watch=1} over HTTP: a 410 Gone for a too old resourceVersion is the HTTP response itself. */
    public void start(ApiRequest request, RequestPath path, Response response, Callback callback) {
        Plan plan = plan(request, path);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        WatchStream stream = new WatchStream(response, callback, MAX_PENDING_EVENTS);
        run(plan, stream);
        stream.commitHeaders();
    }

    /**
     * Sends the initial events, then every later change. Throws ApiException (410 Gone) only
     * when nothing has been sent yet.
     */
    public void run(Plan plan, WatchSink sink) {
        plan.initial().forEach(object -> sink.send("ADDED", plan.encoder().apply(object)));
        WatchCache.Subscription subscription;
        try {
            subscription = cache.subscribe(plan.prefix(), plan.after(),
                    event -> forward(sink, event, plan.filter(), plan.encoder()), sink::end);
        } catch (ApiException e) {
            if (plan.initial().isEmpty()) {
                throw e;
            }
            sink.send("ERROR", e.toStatus());
            sink.end();
            return;
        }
        schedule(sink, subscription, plan.type(), plan.request());
    }

    private ListOptions withName(ResourceType type, ApiRequest request, String name) {
        ListOptions base = resources.listOptions(type, request);
        return new ListOptions(base.labels(),
                io.kuberaf.apiserver.registry.FieldSelector.parse("metadata.name=" + name
                        + (request.param("fieldSelector") == null || request.param("fieldSelector").isEmpty() ? ""
                        : "," + request.param("fieldSelector")), type),
                base.resourceVersion(), base.resourceVersionMatch(), 0, null);
    }

    /** Selector watches see an object enter (ADDED) and leave (DELETED) the selection, as in Kubernetes. */
    private static void forward(WatchSink stream, CachedEvent event, ListOptions filter, Function<ObjectNode, ObjectNode> encoder) {
        boolean now = event.kind() != CachedEvent.Kind.DELETE && ObjectRegistry.matches(event.object(), filter);
        boolean before = event.previous() != null && ObjectRegistry.matches(event.previous(), filter);
        String type;
        if (event.kind() == CachedEvent.Kind.DELETE) {
            type = before ? "DELETED" : null;
        } else if (now) {
            type = before ? "MODIFIED" : "ADDED";
        } else {
            type = before ? "DELETED" : null;
        }
        if (type != null) {
            stream.send(type, encoder.apply(event.object())); // read-only: encoded at once, never changed
        }
    }

    private Function<ObjectNode, ObjectNode> encoder(ResourceType type, ApiRequest request) {
        if (!request.wantsTable()) {
            return object -> objects.served(type, object);
        }
        TableConvertor convertor = resources.convertor(type);
        String includeObject = request.param("includeObject");
        boolean[] first = {true};
        return object -> {
            boolean withColumns;
            synchronized (first) {
                withColumns = first[0];
                first[0] = false;
            }
            return tables.table(convertor, List.of(objects.served(type, object)), includeObject, null, withColumns,
                    clock.instant());
        };
    }

    private void schedule(WatchSink stream, WatchCache.Subscription subscription, ResourceType type, ApiRequest request) {
        long timeout = request.longParam("timeoutSeconds", 0);
        if (timeout <= 0) {
            timeout = 1800 + ThreadLocalRandom.current().nextLong(1800);
        }
        ScheduledFuture<?> end = timers.schedule(stream::end, timeout, TimeUnit.SECONDS);
        ScheduledFuture<?> bookmarks = request.flag("allowWatchBookmarks")
                ? timers.scheduleAtFixedRate(() -> subscription.atDeliveredRevision(
                        revision -> stream.send("BOOKMARK", bookmark(type, revision))),
                bookmarkIntervalSeconds, bookmarkIntervalSeconds, TimeUnit.SECONDS)
                : null;
        stream.onFinish(() -> {
            subscription.close();
            end.cancel(false);
            if (bookmarks != null) {
                bookmarks.cancel(false);
            }
        });
    }

    private static ObjectNode bookmark(ResourceType type, long revision) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        return object;
    }
}
