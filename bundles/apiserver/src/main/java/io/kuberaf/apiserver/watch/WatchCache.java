package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The apiserver's one watch on the store, fanned out to every HTTP watch: thousands of watchers
 * cost one store watch. Keeps the last {@code capacity} events so that a watch from a recent
 * resourceVersion replays from memory; older ones get 410 Gone, as from kube-apiserver.
 */
public final class WatchCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);

    private final ResourceStore store;
    private final int capacity;
    private final ArrayDeque<CachedEvent> window = new ArrayDeque<>();
    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
    private long windowStart;
    private long lastRevision;
    private Watch storeWatch;

    public WatchCache(ResourceStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** The one store watch's listener: a watch the store ends is restarted from the last revision seen. */
    private final io.kuberaf.api.store.WatchListener listener = new io.kuberaf.api.store.WatchListener() {
        @Override
        public void onEvent(WatchEvent event) {
            apply(event);
        }

        @Override
        public void onClose(StoreException cause) {
            LOG.error("The store ended the apiserver's watch ({}); restarting it from revision {}", cause.getMessage(),
                    lastRevision());
            restart();
        }
    };

    public synchronized void start() {
        windowStart = store.currentRevision();
        lastRevision = windowStart;
        storeWatch = store.watch("/registry/", windowStart, listener);
        LOG.info("Watch cache started at revision {} keeping {} events", windowStart, capacity);
    }

    private synchronized void restart() {
        try {
            storeWatch = store.watch("/registry/", lastRevision, listener);
        } catch (StoreException e) {
            LOG.error("Cannot restart the watch from revision {}: {}; watchers must re-list", lastRevision, e.getMessage());
            windowStart = store.currentRevision();
            lastRevision = windowStart;
            window.clear();
            subscriptions.forEach(Subscription::expire);
            storeWatch = store.watch("/registry/", windowStart, listener);
        }
    }

    public synchronized long lastRevision() {
        return lastRevision;
    }

    private void apply(WatchEvent event) {
        CachedEvent cached = decode(event);
        List<Subscription> targets;
        synchronized (this) {
            if (event.revision() <= lastRevision) {
                return;
            }
            window.addLast(cached);
            lastRevision = event.revision();
            while (window.size() > capacity) {
                windowStart = window.removeFirst().revision();
            }
            targets = new ArrayList<>(subscriptions);
        }
        for (Subscription subscription : targets) {
            subscription.offer(cached);
        }
    }

    private static CachedEvent decode(WatchEvent event) {
        ObjectNode previous = event.prevKv() == null ? null
                : ObjectRegistry.withVersion(Json.readStored(event.prevKv().value()), event.prevKv().modRevision());
        return switch (event.type()) {
            case CREATE -> new CachedEvent(event.revision(), event.key(), CachedEvent.Kind.CREATE,
                    ObjectRegistry.withVersion(Json.readStored(event.kv().value()), event.revision()), null);
            case UPDATE -> new CachedEvent(event.revision(), event.key(), CachedEvent.Kind.UPDATE,
                    ObjectRegistry.withVersion(Json.readStored(event.kv().value()), event.revision()), previous);
            case DELETE -> new CachedEvent(event.revision(), event.key(), CachedEvent.Kind.DELETE,
                    ObjectRegistry.withVersion(previous.deepCopy(), event.revision()), previous);
        };
    }

    /**
     * Delivers every event under {@code prefix} with a revision above {@code afterRevision}:
     * first those in memory, then live ones, each once and in order. {@code sink} must not block.
     *
     * @throws ApiException 410 Gone when events after {@code afterRevision} are no longer kept
     */
    public Subscription subscribe(String prefix, long afterRevision, Consumer<CachedEvent> sink, Runnable expired) {
        Subscription subscription = new Subscription(prefix, afterRevision, sink, expired);
        List<CachedEvent> replay = new ArrayList<>();
        synchronized (this) {
            if (afterRevision < windowStart) {
                throw ApiException.gone("too old resource version: " + afterRevision + " (" + (windowStart + 1) + ")");
            }
            for (Iterator<CachedEvent> it = window.descendingIterator(); it.hasNext(); ) {
                CachedEvent event = it.next();
                if (event.revision() <= afterRevision) {
                    break;
                }
                replay.add(0, event);
            }
            subscription.hold();
            subscriptions.add(subscription);
        }
        subscription.release(replay);
        return subscription;
    }

    @Override
    public synchronized void close() {
        if (storeWatch != null) {
            storeWatch.close();
        }
        subscriptions.forEach(Subscription::expire);
        subscriptions.clear();
    }

    /** One HTTP watch's view of the stream. */
    public final class Subscription implements AutoCloseable {
        private final String prefix;
        private final Consumer<CachedEvent> sink;
        private final Runnable expired;
        private long delivered;
        private List<CachedEvent> held;

        Subscription(String prefix, long afterRevision, Consumer<CachedEvent> sink, Runnable expired) {
            this.prefix = prefix;
            this.delivered = afterRevision;
            this.sink = sink;
            this.expired = expired;
        }

        private synchronized void hold() {
            held = new ArrayList<>();
        }

        /** Sends the replay, then whatever arrived live while it was being prepared. */
        private synchronized void release(List<CachedEvent> replay) {
            List<CachedEvent> live = held;
            held = null;
            replay.forEach(this::deliver);
            live.forEach(this::deliver);
        }

        private synchronized void offer(CachedEvent event) {
            if (held != null) {
                held.add(event);
            } else {
                deliver(event);
            }
        }

        private void deliver(CachedEvent event) {
            if (event.revision() <= delivered) {
                return;
            }
            delivered = event.revision();
            if (event.key().startsWith(prefix)) {
                sink.accept(event);
            }
        }

        /**
         * Runs {@code action} with the revision up to which this watcher has been sent every event,
         * serialized with deliveries: what a BOOKMARK may safely claim.
         */
        public synchronized void atDeliveredRevision(java.util.function.LongConsumer action) {
            if (held == null) {
                action.accept(delivered);
            }
        }

        private void expire() {
            subscriptions.remove(this);
            expired.run();
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
