package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.kubelet.events.EventRecorder;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node's kubelet. It registers the Node and renews its Lease, receives the pods bound to the node (from
 * the shared pod informer, through the JVM's one pod router) and the static pods of its manifests folder,
 * and syncs each pod on the shared worker pool ({@link PodSync}). It owns no thread: timers run on the
 * shared scheduler, work on the shared pool ({@link KubeletContext}).
 *
 * <p>After a restart it finds its sandboxes and containers again by the {@link PodLabels#NODE_NAME} label and
 * adopts them (a running container is not restarted); those of pods that are gone are removed.
 */
public final class Kubelet implements RunningKubelet {

    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final Duration RESYNC = Duration.ofSeconds(60);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(5);
    private static final int HOLLOW_EVENTS_REMEMBERED = 64;

    private final KubeletContext context;
    private final Runnable onRegistration;
    private final KubeletOptions options;
    private final ContainerRuntime runtime;
    private final String runtimeName;
    private final EventRecorder events;
    private final NodeAgent node;
    private final Probes probes;
    private final Volumes volumes;
    private final PodSync sync;
    private final PodWorkers workers;
    private final StaticPods staticPods;
    private final Map<String, Pod> apiPods = new ConcurrentHashMap<>();
    private final Map<String, Pod> mirrorPods = new ConcurrentHashMap<>();
    private final Map<String, PodSync.PodState> states = new ConcurrentHashMap<>();
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private Map<String, String> lastRelist = Map.of();
    private volatile Instant startedAt;
    private volatile boolean closed;
    private long relists;

    public Kubelet(KubeletContext context, KubeletOptions options, ContainerRuntime runtime) {
        this(context, options, runtime, () -> { });
    }

    /** {@code onRegistration} runs each time the Node is registered; if it fails, registration is retried. */
    public Kubelet(KubeletContext context, KubeletOptions options, ContainerRuntime runtime, Runnable onRegistration) {
        this.onRegistration = onRegistration;
        this.context = context;
        this.options = options;
        this.runtime = runtime;
        this.runtimeName = runtime.version().runtimeName();
        this.events = new EventRecorder(context.client(), "kubelet", options.nodeName(),
                options.hollow() ? HOLLOW_EVENTS_REMEMBERED : EventRecorder.DEFAULT_REMEMBERED);
        this.node = new NodeAgent(this);
        this.probes = new Probes(this);
        this.volumes = new Volumes(options.dataDir(), !options.hollow());
        this.sync = new PodSync(this);
        this.workers = new PodWorkers(context.pool(), context.scheduler(), this::syncSafely);
        this.staticPods = options.staticPodsDir() == null ? null : new StaticPods(this, options.staticPodsDir());
    }

    /** Registers the node (retrying until the apiserver answers), then starts the kubelet's loops. */
    public void start() {
        context.pool().execute(this::registerThenRun);
    }

    private void registerThenRun() {
        if (closed) {
            return;
        }
        try {
            node.register();
        } catch (RuntimeException e) {
            LOG.warn("Node {}: cannot register with the apiserver ({}); retrying in 5 s", options.nodeName(), e.getMessage());
            context.scheduler().schedule(() -> context.pool().execute(this::registerThenRun), 5, TimeUnit.SECONDS);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            startedAt = Instant.now();
            context.nodes().register(options.nodeName(), (n, deleted) -> {
                if (!deleted) {
                    node.onNode(n);
                }
            });
            context.pods().register(options.nodeName(), this::onPod);
            for (Pod pod : context.pods().informer().getIndexer().byIndex(SharedInformers.PODS_BY_NODE, options.nodeName())) {
                onPod(pod, false);
            }
            Node current = context.nodes().informer().getIndexer().getByKey(options.nodeName());
            if (current != null) {
                node.onNode(current);
            }
            every(options.leaseRenewPeriod(), node::renewLease);
            every(options.statusUpdatePeriod(), () -> node.updateStatus(false));
            every(options.relistPeriod(), this::relist);
            if (staticPods != null) {
                staticPods.scan();
                every(Duration.ofSeconds(5), staticPods::scan);
            }
        }
        LOG.info("Kubelet for node {} runs pods on the {} runtime", options.nodeName(), runtimeName);
    }

    /** Runs {@code task} on the pool every {@code period}; a run still going skips the next one. */
    private void every(Duration period, Runnable task) {
        AtomicBoolean busy = new AtomicBoolean();
        Runnable guarded = () -> {
            if (closed || !busy.compareAndSet(false, true)) {
                return;
            }
            context.pool().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Node {}: periodic task failed: {}", options.nodeName(), e.toString());
                } finally {
                    busy.set(false);
                }
            });
        };
        long millis = Math.max(100, period.toMillis());
        timers.add(context.scheduler().scheduleWithFixedDelay(guarded, millis, millis, TimeUnit.MILLISECONDS));
    }

    private void onPod(Pod pod, boolean deleted) {
        String mirrorOf = annotation(pod, MIRROR_ANNOTATION);
        if (mirrorOf != null) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            if (deleted) {
                mirrorPods.computeIfPresent(key, (k, known) ->
                        known.getMetadata().getUid().equals(pod.getMetadata().getUid()) ? null : known);
            } else {
                mirrorPods.put(key, pod);
            }
            if (staticPods != null) {
                staticPods.uidOf(pod.getMetadata().getNamespace(), pod.getMetadata().getName()).ifPresent(this::enqueue);
            }
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (deleted) {
            apiPods.remove(uid);
        } else {
            apiPods.put(uid, pod);
        }
        enqueue(uid);
    }

    /** Lists the runtime; pods whose sandboxes or containers changed are synced (Kubernetes' PLEG relist). */
    private void relist() {
        Map<String, String> signatures = new HashMap<>();
        for (SandboxStatus sandbox : runtime.listPodSandboxes()) {
            if (mine(sandbox.labels())) {
                signatures.merge(sandbox.labels().get(PodLabels.POD_UID), "s" + sandbox.id() + sandbox.state(), String::concat);
            }
        }
        for (ContainerStatus container : runtime.listContainers(null)) {
            if (mine(container.labels())) {
                signatures.merge(container.labels().get(PodLabels.POD_UID), "c" + container.id() + container.state(), String::concat);
            }
        }
        Set<String> changed = new HashSet<>();
        signatures.forEach((uid, signature) -> {
            if (!signature.equals(lastRelist.get(uid))) {
                changed.add(uid);
            }
        });
        lastRelist.keySet().stream().filter(uid -> !signatures.containsKey(uid)).forEach(changed::add);
        lastRelist = signatures;
        boolean resync = ++relists % Math.max(1, RESYNC.toMillis() / Math.max(100, options.relistPeriod().toMillis())) == 0;
        if (resync) {
            changed.addAll(apiPods.keySet());
            if (staticPods != null) {
                changed.addAll(staticPods.uids());
            }
            changed.addAll(signatures.keySet());
        }
        changed.forEach(this::enqueue);
    }

    boolean mine(Map<String, String> labels) {
        return options.nodeName().equals(labels.get(PodLabels.NODE_NAME)) && labels.get(PodLabels.POD_UID) != null;
    }

    /**
     * Whether a pod unknown to this kubelet may be cleaned up: the pod informer has synced and the kubelet has
     * run long enough to have read its static pods (so that after a restart nothing is removed in a hurry).
     */
    boolean knowsAllPods() {
        Instant started = startedAt;
        return started != null && context.pods().informer().hasSynced()
                && Instant.now().isAfter(started.plus(ORPHAN_GRACE));
    }

    void enqueue(String uid) {
        workers.enqueue(uid);
    }

    void enqueueAfter(String uid, Duration delay) {
        workers.enqueueAfter(uid, delay);
    }

    private void syncSafely(String uid) {
        if (closed) {
            return;
        }
        try {
            sync.sync(uid);
        } catch (RuntimeException e) {
            Pod pod = pod(uid);
            if (pod != null) {
                events.warning(podReference(pod), "FailedSync", "error syncing pod, skipping: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The pod with this uid: an API pod bound to this node or a static pod; null when there is none. */
    Pod pod(String uid) {
        Pod pod = apiPods.get(uid);
        return pod != null || staticPods == null ? pod : staticPods.get(uid);
    }

    boolean isStatic(String uid) {
        return staticPods != null && staticPods.get(uid) != null;
    }

    Pod mirrorPod(String namespace, String name) {
        return mirrorPods.get(namespace + "/" + name);
    }

    /** The mirror pod whose static pod has this uid, if any. */
    Pod mirrorOf(String staticUid) {
        return mirrorPods.values().stream().filter(p -> staticUid.equals(annotation(p, MIRROR_ANNOTATION))).findFirst().orElse(null);
    }

    PodSync.PodState state(String uid) {
        return states.computeIfAbsent(uid, u -> new PodSync.PodState());
    }

    void forgetState(String uid) {
        states.remove(uid);
        admitted.remove(uid);
    }

    /**
     * Admits a pod the node has not started yet if fewer than maxPods are admitted (Kubernetes' kubelet
     * admission for the pods resource); returns the number admitted before it when it is refused, else -1.
     */
    synchronized int admit(String uid) {
        if (admitted.contains(uid)) {
            return -1;
        }
        if (admitted.size() >= options.maxPods()) {
            return admitted.size();
        }
        admitted.add(uid);
        return -1;
    }

    /** Counts a pod the node already runs, whatever the limit. */
    void admitted(String uid) {
        admitted.add(uid);
    }

    /** A pod that ended or is being deleted frees its place. */
    void release(String uid) {
        admitted.remove(uid);
    }

    static String annotation(Pod pod, String key) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** The pod as Events name it (a static pod through its mirror pod when there is one). */
    ObjectReference podReference(Pod pod) {
        Pod target = pod;
        if (isStatic(pod.getMetadata().getUid())) {
            Pod mirror = mirrorPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            target = mirror != null ? mirror : pod;
        }
        return new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1")
                .withNamespace(target.getMetadata().getNamespace()).withName(target.getMetadata().getName())
                .withUid(target.getMetadata().getUid()).build();
    }

    ObjectReference containerReference(Pod pod, String container, boolean init) {
        ObjectReference reference = podReference(pod);
        reference.setFieldPath((init ? "spec.initContainers{" : "spec.containers{") + container + "}");
        return reference;
    }

    KubeletContext context() {
        return context;
    }

    KubernetesClient client() {
        return context.client();
    }

    EventRecorder events() {
        return events;
    }

    Probes probes() {
        return probes;
    }

    Volumes volumes() {
        return volumes;
    }

    Runnable onRegistration() {
        return onRegistration;
    }

    NodeAgent nodeAgent() {
        return node;
    }

    String runtimeName() {
        return runtimeName;
    }

    @Override
    public String nodeName() {
        return options.nodeName();
    }

    @Override
    public ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    public KubeletOptions options() {
        return options;
    }

    @Override
    public int podCount() {
        return apiPods.size() + (staticPods == null ? 0 : staticPods.uids().size());
    }

    /** The pods this kubelet runs, by namespace/name (for the kubelet API's /pods). */
    public Map<String, Pod> pods() {
        Map<String, Pod> pods = new TreeMap<>();
        apiPods.values().forEach(p -> pods.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p));
        if (staticPods != null) {
            staticPods.uids().forEach(uid -> {
                Pod p = staticPods.get(uid);
                if (p != null) {
                    pods.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
                }
            });
        }
        return pods;
    }

    /** Stops the loops and probes; containers keep running so that the next kubelet adopts them. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            timers.forEach(t -> t.cancel(false));
            timers.clear();
        }
        context.pods().unregister(options.nodeName());
        context.nodes().unregister(options.nodeName());
        workers.close();
        probes.stopAll();
        LOG.info("Kubelet for node {} stopped; its containers keep running", options.nodeName());
    }
}
