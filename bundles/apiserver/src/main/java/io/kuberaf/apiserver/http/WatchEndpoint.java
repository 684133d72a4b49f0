package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.registry.ListOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import io.kuberaf.apiserver.table.TableConvertor;
import io.kuberaf.apiserver.table.Tables;
import io.kuberaf.apiserver.watch.CachedEvent;
import io.kuberaf.apiserver.watch.WatchCache;
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

    public void start(ApiRequest request, RequestPath path, Response response, Callback callback) {
        ResourceType type = resources.type(path);
        if (path.subresource() != null || !type.supports("watch")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        String namespace = type.namespaced() ? path.namespace() : null;
        ListOptions options = resources.listOptions(type, request);
        if (path.name() != null) {
            options = withName(type, request, path.name());
        }
        String rv = options.resourceVersion();
        List<ObjectNode> initial = new ArrayList<>();
        long after;
        if (rv.isEmpty() || rv.equals("0")) {
            ObjectNode list = objects.list(type, namespace, new ListOptions(options.labels(), options.fields(), "", "", 0, null));
            list.path("items").forEach(item -> initial.add((ObjectNode) item));
            after = Long.parseLong(list.path("metadata").path("resourceVersion").asText());
        } else {
            after = ObjectRegistry.parseResourceVersion(rv);
        }
        Function<ObjectNode, ObjectNode> encoder = encoder(type, request);
        WatchStream stream = new WatchStream(response, callback, MAX_PENDING_EVENTS);
        ListOptions filter = options;
        String prefix = type.collectionPrefix(namespace);
        WatchCache.Subscription subscription;
        if (initial.isEmpty() && !(rv.isEmpty() || rv.equals("0"))) {
            // Nothing is committed before the first write: a 410 Gone from subscribe() replaces this status.
            startResponse(response);
            subscription = cache.subscribe(prefix, after, event -> forward(stream, event, filter, encoder), stream::end);
            stream.commitHeaders();
        } else {
            startResponse(response);
            stream.commitHeaders();
            initial.forEach(object -> stream.send("ADDED", encoder.apply(object)));
            try {
                subscription = cache.subscribe(prefix, after, event -> forward(stream, event, filter, encoder), stream::end);
            } catch (ApiException e) {
                stream.send("ERROR", e.toStatus());
                stream.end();
                return;
            }
        }
        schedule(stream, subscription, type, request, after);
    }

    private static void startResponse(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
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
    private static void forward(WatchStream stream, CachedEvent event, ListOptions filter, Function<ObjectNode, ObjectNode> encoder) {
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
            stream.send(type, encoder.apply(event.object().deepCopy()));
        }
    }

    private Function<ObjectNode, ObjectNode> encoder(ResourceType type, ApiRequest request) {
        if (!request.wantsTable()) {
            return object -> object;
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
            return tables.table(convertor, List.of(object), includeObject, null, withColumns, clock.instant());
        };
    }

    private void schedule(WatchStream stream, WatchCache.Subscription subscription, ResourceType type, ApiRequest request,
                          long after) {
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
