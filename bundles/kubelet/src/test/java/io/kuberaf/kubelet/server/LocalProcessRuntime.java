package io.kuberaf.kubelet.server;

import io.kuberaf.api.runtime.ContainerConfig;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.ExecSession;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.api.runtime.RuntimeHealth;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.RuntimeVersion;
import io.kuberaf.api.runtime.SandboxConfig;
import io.kuberaf.api.runtime.SandboxStatus;
import io.kuberaf.api.runtime.StreamConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the runtime SPI for the streaming paths: "containers" are records with labels and a
 * log the test writes to; exec runs the command as a local process (real pipes, real exit codes); a
 * sandbox's network namespace is this machine's loopback, so port-forward opens a real TCP connection
 * to 127.0.0.1:port. Lifecycle methods are not part of what it doubles.
 */
final class LocalProcessRuntime implements ContainerRuntime {

    private final List<ContainerStatus> containers = new CopyOnWriteArrayList<>();
    private final List<SandboxStatus> sandboxes = new CopyOnWriteArrayList<>();
    private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
    final List<int[]> resizes = new CopyOnWriteArrayList<>();
    final List<ExecRequest> execs = new CopyOnWriteArrayList<>();

    /** Adds a running container of a pod (and the pod's sandbox); returns its log, which the test writes. */
    ContainerLog addContainer(String id, String namespace, String pod, String container, int attempt, String node) {
        if (sandboxes.stream().noneMatch(s -> s.pod().name().equals(pod) && s.pod().namespace().equals(namespace))) {
            sandboxes.add(new SandboxStatus("sandbox-" + pod, new PodIdentity(namespace, pod, "uid-" + pod, 0),
                    SandboxStatus.State.READY, Instant.now(), "127.0.0.1", Map.of(PodLabels.NODE_NAME, node), Map.of()));
        }
        containers.add(new ContainerStatus(id, "sandbox-" + pod, container, attempt, ContainerStatus.State.RUNNING, "busybox",
                "sha256:0", Instant.now(), Instant.now(), null, 0, null, null,
                Map.of(PodLabels.POD_NAMESPACE, namespace, PodLabels.POD_NAME, pod, PodLabels.CONTAINER_NAME, container,
                        PodLabels.NODE_NAME, node), Map.of()));
        ContainerLog log = new ContainerLog();
        logs.put(id, log);
        return log;
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        return containers.stream().filter(c -> sandboxId == null || c.sandboxId().equals(sandboxId)).toList();
    }

    @Override
    public List<SandboxStatus> listPodSandboxes() {
        return List.copyOf(sandboxes);
    }

    @Override
    public InputStream logs(String containerId, LogOptions options) {
        ContainerLog log = logs.get(containerId);
        if (log == null) {
            throw new RuntimeOperationException("no container " + containerId);
        }
        return log.open(options);
    }

    @Override
    public ExecSession exec(String containerId, ExecRequest request) {
        execs.add(request);
        List<String> command = request.command().isEmpty() ? List.of("cat") : request.command(); // attach: an echoing main process
        try {
            Process process = new ProcessBuilder(command).start();
            return new ProcessSession(process, request);
        } catch (IOException e) {
            throw new RuntimeOperationException("cannot run " + command + ": " + e.getMessage());
        }
    }

    @Override
    public StreamConnection portForward(String sandboxId, int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            throw new RuntimeOperationException("connect to port " + port + " in sandbox " + sandboxId + ": " + e.getMessage());
        }
        return new StreamConnection() {
            @Override
            public InputStream input() {
                try {
                    return socket.getInputStream();
                } catch (IOException e) {
                    throw new RuntimeOperationException(e.getMessage());
                }
            }

            @Override
            public OutputStream output() {
                try {
                    OutputStream out = socket.getOutputStream();
                    return new java.io.FilterOutputStream(out) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            socket.shutdownOutput();
                        }
                    };
                } catch (IOException e) {
                    throw new RuntimeOperationException(e.getMessage());
                }
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** A container's output: what the test appended so far; followers block for more until it is closed. */
    static final class ContainerLog {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private boolean closed;

        synchronized void append(String text) {
            written.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            notifyAll();
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        InputStream open(LogOptions options) {
            byte[] now;
            synchronized (this) {
                now = written.toByteArray();
            }
            int start = options.tailLines() >= 0 ? tailStart(now, options.tailLines()) : 0;
            InputStream stream = !options.follow() ? new ByteArrayInputStream(now, start, now.length - start)
                    : new FollowStream(start);
            return options.limitBytes() > 0 ? new LimitedStream(stream, options.limitBytes()) : stream;
        }

        private static int tailStart(byte[] bytes, long lines) {
            int count = 0;
            for (int i = bytes.length - 2; i >= 0; i--) {
                if (bytes[i] == '\n' && ++count == lines) {
                    return i + 1;
                }
            }
            return lines == 0 ? bytes.length : 0;
        }

        private final class FollowStream extends InputStream {
            private int position;
            private volatile boolean streamClosed;

            FollowStream(int position) {
                this.position = position;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                synchronized (ContainerLog.this) {
                    while (written.size() <= position && !closed && !streamClosed) {
                        try {
                            ContainerLog.this.wait(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted");
                        }
                    }
                    if (written.size() <= position) {
                        return -1;
                    }
                    byte[] all = written.toByteArray();
                    int n = Math.min(len, all.length - position);
                    System.arraycopy(all, position, b, off, n);
                    position += n;
                    return n;
                }
            }

            @Override
            public void close() {
                streamClosed = true;
            }
        }
    }

    private static final class LimitedStream extends java.io.FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private final class ProcessSession implements ExecSession {
        private final Process process;
        private final ExecRequest request;

        ProcessSession(Process process, ExecRequest request) {
            this.process = process;
            this.request = request;
            if (!request.stdin()) {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    throw new RuntimeOperationException(e.getMessage());
                }
            }
        }

        @Override
        public OutputStream stdin() {
            return request.stdin() ? process.getOutputStream() : null;
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return request.tty() ? InputStream.nullInputStream() : process.getErrorStream();
        }

        @Override
        public void resize(int columns, int rows) {
            resizes.add(new int[]{columns, rows});
        }

        @Override
        public CompletionStage<Integer> exitCode() {
            return process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    // ---- not part of this double ----

    @Override
    public RuntimeVersion version() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RuntimeHealth health() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updatePodCidr(String podCidr) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String runPodSandbox(SandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImageInfo pullImage(String image) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ImageInfo> imageStatus(String image) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ImageInfo> listImages() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeImage(String image) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopContainer(String containerId, Duration gracePeriod) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    static List<String> sh(String script) {
        return new ArrayList<>(Arrays.asList("sh", "-c", script));
    }
}
