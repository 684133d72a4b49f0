package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Expectations;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller for one replicated kind: owners enqueue themselves, pods go through
 * {@link PodEvents} (expectations, adoption), and workers run the {@link ReplicaReconciler}.
 */
final class ReplicaController<T extends HasMetadata> implements AutoCloseable {

    private final SharedIndexInformer<Pod> pods;
    private final PodEvents<T> podEvents;
    private final Controller controller;
    private final ExecutorService executor;

    ReplicaController(KubernetesClient client, SharedInformers informers, ReplicatedKind<T> kind,
                      int workers, int burstReplicas) {
        SharedIndexInformer<T> owners = informers.informer(kind.type());
        this.pods = informers.informer(Pod.class);
        Expectations expectations = new Expectations();
        PendingDeletions deletions = new PendingDeletions();
        this.executor = Executors.newFixedThreadPool(Math.max(4, workers * 2), daemonThreads(kind.controllerName() + "-calls"));
        ReplicaReconciler<T> reconciler = new ReplicaReconciler<>(client, kind, owners, pods, expectations, deletions,
                executor, burstReplicas, Clock.systemUTC());
        this.controller = Controller.builder(kind.controllerName())
                .watch(owners)
                .watch(pods, pod -> List.of())   // pod events go through PodEvents; this makes start() wait for the pod cache
                .reconciler(reconciler::reconcile)
                .workers(workers)
                .build();
        this.podEvents = new PodEvents<>(kind, owners, expectations, deletions, controller::enqueue);
    }

    void start() {
        pods.addEventHandler(podEvents);
        controller.start();
    }

    @Override
    public void close() {
        pods.removeEventHandler(podEvents);
        controller.close();
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
