package io.kuberaf.client.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A controller: informers feed keys into a {@link WorkQueue}; {@code workers} threads take keys and
 * call the {@link KeyReconciler}; a failure requeues the key with back-off, a success forgets it.
 * Workers start once every watched informer has synced, so reconciles see a full cache.
 *
 * <pre>{@code
 * controller = Controller.builder("replicaset")
 *         .watch(informers.informer(ReplicaSet.class), rs -> List.of(Keys.of(rs)))
 *         .watch(informers.informer(Pod.class), pod -> Keys.ownerKey(pod, "ReplicaSet"))
 *         .reconciler(this::reconcile)
 *         .workers(5)
 *         .build();
 * controller.start();   // ... controller.close() removes the handlers and stops the workers
 * }</pre>
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final Duration SYNC_POLL = Duration.ofMillis(50);

    private final String name;
    private final KeyReconciler reconciler;
    private final int workers;
    private final List<Watched<?>> watched;
    private final WorkQueue<String> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private Controller(Builder builder) {
        this.name = builder.name;
        this.reconciler = Objects.requireNonNull(builder.reconciler, "reconciler");
        this.workers = builder.workers;
        this.watched = builder.watched.stream().<Watched<?>>map(this::watching).toList();
        this.queue = new WorkQueue<>(name, new Backoff<>(builder.backoffBase, builder.backoffMax));
    }

    private <T extends HasMetadata> Watched<T> watching(PendingWatch<T> pending) {
        return new Watched<>(pending.informer(), pending.keys());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Adds the informer handlers and starts the workers (in the background, once the caches synced). */
    public synchronized void start() {
        watched.forEach(Watched::register);
        Thread starter = new Thread(this::waitForSyncThenWork, name + "-start");
        starter.setDaemon(true);
        starter.start();
        threads.add(starter);
    }

    /** Queues a key for reconciling now. */
    public void enqueue(String key) {
        queue.add(key);
    }

    public void enqueueAfter(String key, Duration delay) {
        queue.addAfter(key, delay);
    }

    /** Keys waiting (not being processed). */
    public int queueLength() {
        return queue.length();
    }

    private void waitForSyncThenWork() {
        try {
            while (!closed && !watched.stream().allMatch(w -> w.informer.hasSynced())) {
                Thread.sleep(SYNC_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            for (int i = 0; i < workers; i++) {
                Thread worker = new Thread(this::work, name + "-worker-" + i);
                worker.setDaemon(true);
                worker.start();
                threads.add(worker);
            }
        }
        LOG.info("Controller {} started with {} workers", name, workers);
    }

    private void work() {
        try {
            String key;
            while ((key = queue.take()) != null) {
                try {
                    reconcileOnce(key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reconcileOnce(String key) {
        try {
            Result result = reconciler.reconcile(key);
            queue.forget(key);
            if (result != null && result.requeue()) {
                queue.addAfter(key, result.requeueAfter());
            }
        } catch (Exception | LinkageError e) {
            if (closed) {
                return;
            }
            int requeues = queue.requeues(key);
            if (requeues < 3) {
                LOG.debug("Controller {}: syncing {} failed, retrying with back-off: {}", name, key, e.toString());
            } else {
                LOG.warn("Controller {}: syncing {} failed {} times in a row, retrying with back-off: {}",
                        name, key, requeues + 1, e.toString(), e);
            }
            queue.addRateLimited(key);
        }
    }

    /**
     * Removes the handlers, stops the workers (a reconcile in progress is interrupted) and drops the queue.
     * Joins the threads without holding this object's lock, which the start thread takes to add workers
     * (holding it made closing a controller whose caches had not synced wait the whole join time-out).
     */
    @Override
    public void close() {
        List<Thread> stopping;
        synchronized (this) {
            closed = true;
            watched.forEach(Watched::unregister);
            queue.close();
            stopping = new ArrayList<>(threads);
            threads.clear();
        }
        stopping.forEach(Thread::interrupt);
        for (Thread thread : stopping) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("Controller {} stopped", name);
    }

    /** One informer and how its objects map to this controller's keys. */
    private final class Watched<T extends HasMetadata> implements ResourceEventHandler<T> {
        final SharedIndexInformer<T> informer;
        final Function<T, List<String>> keys;

        Watched(SharedIndexInformer<T> informer, Function<T, List<String>> keys) {
            this.informer = informer;
            this.keys = keys;
        }

        void register() {
            informer.addEventHandler(this);
        }

        void unregister() {
            informer.removeEventHandler(this);
        }

        @Override
        public void onAdd(T object) {
            enqueueAll(object);
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            enqueueAll(oldObject);
            enqueueAll(newObject);
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            enqueueAll(object);
        }

        private void enqueueAll(T object) {
            for (String key : keys.apply(object)) {
                queue.add(key);
            }
        }
    }

    public static final class Builder {
        private final String name;
        private KeyReconciler reconciler;
        private int workers = 1;
        private Duration backoffBase = Duration.ofMillis(5);
        private Duration backoffMax = Duration.ofSeconds(1000);
        private final List<PendingWatch<?>> watched = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Objects from this informer enqueue the keys {@code keys} returns (empty: none). */
        public <T extends HasMetadata> Builder watch(SharedIndexInformer<T> informer, Function<T, List<String>> keys) {
            watched.add(new PendingWatch<>(informer, keys));
            return this;
        }

        /** Objects from this informer enqueue their own key. */
        public <T extends HasMetadata> Builder watch(SharedIndexInformer<T> informer) {
            return watch(informer, object -> List.of(Keys.of(object)));
        }

        public Builder reconciler(KeyReconciler reconciler) {
            this.reconciler = reconciler;
            return this;
        }

        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Back-off of a failing key: base, doubling, up to max (client-go: 5 ms to 1000 s). */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        public Controller build() {
            return new Controller(this);
        }
    }

    private record PendingWatch<T extends HasMetadata>(SharedIndexInformer<T> informer, Function<T, List<String>> keys) {
    }
}
