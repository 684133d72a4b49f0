package io.kuberaf.kubelet;

import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.kubelet.spi.KubeletLauncher;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Starts kubelets over one shared {@link KubeletContext}; usable without OSGi (tests, benchmarks). */
public final class Launcher implements KubeletLauncher, AutoCloseable {

    private final KubeletContext context;
    private final Map<String, RunningKubelet> running = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    public Launcher(KubeletContext context) {
        this.context = context;
    }

    @Override
    public RunningKubelet start(KubeletOptions options, ContainerRuntime runtime) {
        return register(new Kubelet(context, options, runtime, () -> { }));
    }

    /** Starts a kubelet that runs {@code onRegistration} each time it registers its Node (before its first status). */
    public RunningKubelet start(KubeletOptions options, ContainerRuntime runtime, Runnable onRegistration) {
        return register(new Kubelet(context, options, runtime, onRegistration));
    }

    private RunningKubelet register(Kubelet kubelet) {
        String name = kubelet.nodeName();
        Handle handle = new Handle(kubelet);
        if (running.putIfAbsent(name, handle) != null) {
            throw new IllegalStateException("a kubelet for node " + name + " already runs in this JVM");
        }
        synchronized (order) {
            order.add(name);
        }
        kubelet.start();
        return handle;
    }

    @Override
    public List<RunningKubelet> running() {
        synchronized (order) {
            return order.stream().map(running::get).filter(java.util.Objects::nonNull).toList();
        }
    }

    /** The running kubelet of a node, for the kubelet's own API; null if none. */
    public Kubelet kubelet(String nodeName) {
        RunningKubelet handle = running.get(nodeName);
        return handle == null ? null : ((Handle) handle).kubelet;
    }

    @Override
    public void close() {
        running().forEach(RunningKubelet::close);
    }

    /** Closing the handle stops the kubelet and forgets it. */
    private final class Handle implements RunningKubelet {
        final Kubelet kubelet;

        Handle(Kubelet kubelet) {
            this.kubelet = kubelet;
        }

        @Override
        public String nodeName() {
            return kubelet.nodeName();
        }

        @Override
        public ContainerRuntime runtime() {
            return kubelet.runtime();
        }

        @Override
        public KubeletOptions options() {
            return kubelet.options();
        }

        @Override
        public int podCount() {
            return kubelet.podCount();
        }

        @Override
        public void close() {
            kubelet.close();
            running.remove(kubelet.nodeName(), this);
            synchronized (order) {
                order.remove(kubelet.nodeName());
            }
        }
    }
}
