package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.kuberaf.api.runtime.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness, readiness and startup probes of a kubelet's running containers (exec through the runtime,
 * httpGet, tcpSocket), each on the shared scheduler with its own initial delay, period, timeout and
 * thresholds. Results feed the pod's Ready conditions; a failed liveness or startup probe asks the pod
 * sync to restart the container.
 */
final class Probes {

    enum Kind {
        LIVENESS("Liveness"), READINESS("Readiness"), STARTUP("Startup");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

    private final Kubelet kubelet;
    private final Map<String, ContainerProbes> byContainerId = new ConcurrentHashMap<>();

    Probes(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    /** Starts the probes of a running container, once per container id. */
    void ensure(Pod pod, Container container, String containerId, String podIp) {
        if (container.getLivenessProbe() == null && container.getReadinessProbe() == null && container.getStartupProbe() == null) {
            return;
        }
        byContainerId.computeIfAbsent(containerId, id -> {
            ContainerProbes probes = new ContainerProbes(pod, container, id, podIp);
            probes.start();
            return probes;
        });
    }

    /** Stops the probes of containers that are not among {@code running} for this pod uid. */
    void retain(String podUid, java.util.Set<String> running) {
        byContainerId.values().removeIf(p -> {
            if (p.podUid.equals(podUid) && !running.contains(p.containerId)) {
                p.stop();
                return true;
            }
            return false;
        });
    }

    void stopAll() {
        byContainerId.values().forEach(ContainerProbes::stop);
        byContainerId.clear();
    }

    /** Readiness: true without a readiness probe, else the probe's verdict (false until it succeeded). */
    boolean ready(String containerId) {
        ContainerProbes probes = byContainerId.get(containerId);
        return probes == null ? true : probes.ready;
    }

    boolean started(String containerId) {
        ContainerProbes probes = byContainerId.get(containerId);
        return probes == null ? true : probes.started;
    }

    /** The probe kind that decided this container must be restarted, or null. */
    Kind failed(String containerId) {
        ContainerProbes probes = byContainerId.get(containerId);
        return probes == null ? null : probes.failed;
    }

    /** The probes of one container. */
    private final class ContainerProbes {
        final String podUid;
        final Pod pod;
        final Container container;
        final String containerId;
        final String podIp;
        final Map<Kind, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
        final Map<Kind, int[]> streaks = new ConcurrentHashMap<>();  // [successes, failures]
        final Map<Kind, AtomicBoolean> running = new ConcurrentHashMap<>();
        volatile boolean ready;
        volatile boolean started;
        volatile Kind failed;
        volatile boolean stopped;

        ContainerProbes(Pod pod, Container container, String containerId, String podIp) {
            this.podUid = pod.getMetadata().getUid();
            this.pod = pod;
            this.container = container;
            this.containerId = containerId;
            this.podIp = podIp;
            this.ready = container.getReadinessProbe() == null;
            this.started = container.getStartupProbe() == null;
        }

        void start() {
            if (!started) {
                schedule(Kind.STARTUP, container.getStartupProbe());
            } else {
                scheduleAfterStartup();
            }
        }

        private void scheduleAfterStartup() {
            schedule(Kind.LIVENESS, container.getLivenessProbe());
            schedule(Kind.READINESS, container.getReadinessProbe());
        }

        private void schedule(Kind kind, Probe probe) {
            if (probe == null || stopped) {
                return;
            }
            long delay = Math.max(0, orDefault(probe.getInitialDelaySeconds(), 0)) * 1000L;
            long period = Math.max(1, orDefault(probe.getPeriodSeconds(), 10)) * 1000L;
            running.put(kind, new AtomicBoolean());
            timers.put(kind, kubelet.context().scheduler().scheduleWithFixedDelay(() -> submit(kind, probe),
                    delay, period, TimeUnit.MILLISECONDS));
        }

        private void submit(Kind kind, Probe probe) {
            AtomicBoolean busy = running.get(kind);
            if (stopped || busy == null || !busy.compareAndSet(false, true)) {
                return;
            }
            kubelet.context().pool().execute(() -> {
                try {
                    if (!stopped) {
                        handle(kind, probe, run(probe));
                    }
                } catch (RuntimeException e) {
                    handle(kind, probe, "probe error: " + e.getMessage());
                } finally {
                    busy.set(false);
                }
            });
        }

        /** Null for success, else the failure's description. */
        private String run(Probe probe) {
            Duration timeout = Duration.ofSeconds(Math.max(1, orDefault(probe.getTimeoutSeconds(), 1)));
            if (probe.getExec() != null) {
                ExecResult result = kubelet.runtime().execSync(containerId, probe.getExec().getCommand(), timeout);
                if (result.timedOut()) {
                    return "command timed out";
                }
                return result.exitCode() == 0 ? null : (result.stdout() + result.stderr()).trim();
            }
            if (probe.getHttpGet() != null) {
                return kubelet.options().hollow() ? null : httpGet(probe, timeout);
            }
            if (probe.getTcpSocket() != null) {
                return kubelet.options().hollow() ? null : tcp(probe, timeout);
            }
            LOG.debug("Pod {}: container {} has a probe type the Kuberaf kubelet does not run (grpc); it counts as success",
                    pod.getMetadata().getName(), container.getName());
            return null;
        }

        private String httpGet(Probe probe, Duration timeout) {
            var get = probe.getHttpGet();
            String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
            int port = port(get.getPort());
            String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(java.util.Locale.ROOT);
            String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
            String url = scheme + "://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                        .header("User-Agent", "kube-probe/1.32");
                for (HTTPHeader header : ContainerEnv.list(get.getHttpHeaders())) {
                    request.header(header.getName(), header.getValue());
                }
                HttpResponse<Void> response = kubelet.context().probeClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
                int code = response.statusCode();
                return code >= 200 && code < 400 ? null : "HTTP probe failed with statuscode: " + code;
            } catch (IOException e) {
                return "Get \"" + url + "\": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "probe interrupted";
            } catch (IllegalArgumentException e) {
                return "invalid probe URL " + url + ": " + e.getMessage();
            }
        }

        private String tcp(Probe probe, Duration timeout) {
            var tcp = probe.getTcpSocket();
            String host = tcp.getHost() == null || tcp.getHost().isEmpty() ? podIp : tcp.getHost();
            int port = port(tcp.getPort());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return null;
            } catch (IOException e) {
                return "dial tcp " + host + ":" + port + ": " + e.getMessage();
            }
        }

        private int port(IntOrString port) {
            if (port == null) {
                return 80;
            }
            if (port.getIntVal() != null) {
                return port.getIntVal();
            }
            for (ContainerPort p : ContainerEnv.list(container.getPorts())) {
                if (port.getStrVal().equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
            try {
                return Integer.parseInt(port.getStrVal());
            } catch (NumberFormatException e) {
                return 80;
            }
        }

        private void handle(Kind kind, Probe probe, String failure) {
            int[] streak = streaks.computeIfAbsent(kind, k -> new int[2]);
            boolean changed = false;
            if (failure == null) {
                streak[0]++;
                streak[1] = 0;
                if (streak[0] >= Math.max(1, orDefault(probe.getSuccessThreshold(), 1))) {
                    if (kind == Kind.READINESS && !ready) {
                        ready = true;
                        changed = true;
                    } else if (kind == Kind.STARTUP && !started) {
                        started = true;
                        cancel(Kind.STARTUP);
                        scheduleAfterStartup();
                        changed = true;
                    }
                }
            } else {
                streak[0] = 0;
                streak[1]++;
                kubelet.events().warning(kubelet.containerReference(pod, container.getName(), false), "Unhealthy",
                        kind.title + " probe failed: " + failure);
                if (streak[1] >= Math.max(1, orDefault(probe.getFailureThreshold(), 3))) {
                    if (kind == Kind.READINESS) {
                        changed = ready;
                        ready = false;
                    } else {
                        failed = kind;
                        stop();
                        changed = true;
                    }
                }
            }
            if (changed) {
                kubelet.enqueue(podUid);
            }
        }

        private void cancel(Kind kind) {
            ScheduledFuture<?> timer = timers.remove(kind);
            if (timer != null) {
                timer.cancel(false);
            }
        }

        void stop() {
            stopped = true;
            List.copyOf(timers.keySet()).forEach(this::cancel);
        }
    }

    private static int orDefault(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
