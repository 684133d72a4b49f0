package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every kubelet in this JVM shares: the API client and informers, one scheduler (timers only: lease,
 * node status, relist, probes), one pool that runs pod syncs and other blocking work, one pod and one node
 * router, one HTTP client for probes. A kubelet owns no thread.
 */
public final class KubeletContext implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService pool;
    private final Router<Pod> pods;
    private final Router<Node> nodes;
    private final HttpClient probeClient;

    public KubeletContext(KubernetesClient client, SharedInformers informers, int workerThreads) {
        this.client = client;
        this.informers = informers;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("kubelet-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.pool = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("kubelet-worker"));
        this.pods = new Router<>(informers.informer(Pod.class),
                pod -> pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        this.nodes = new Router<>(informers.informer(Node.class), node -> node.getMetadata().getName());
        informers.informer(Service.class);  // service environment variables
        // its own executor: probes block pool threads in send(), which must not wait for pool threads
        this.probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    KubernetesClient client() {
        return client;
    }

    SharedInformers informers() {
        return informers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService pool() {
        return pool;
    }

    Router<Pod> pods() {
        return pods;
    }

    Router<Node> nodes() {
        return nodes;
    }

    HttpClient probeClient() {
        return probeClient;
    }

    @Override
    public void close() {
        pods.close();
        nodes.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
    }
}
