package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecResult;
import io.kuberaf.api.runtime.LogOptions;
import io.kuberaf.api.runtime.RuntimeOperationException;
import io.kuberaf.api.runtime.StreamConnection;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Logs, exec (probes and interactive), attach and port-forward. */
final class DockerStreams {

    private static final Logger LOG = LoggerFactory.getLogger(DockerStreams.class);
    /** execSync keeps this much of each output stream (probes only need the start). */
    static final int EXEC_SYNC_OUTPUT_LIMIT = 16 * 1024;
    private static final int PIPE_BYTES = 64 * 1024;
    /** After the stream ends, how long Docker may take to report the exit code. */
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(10);

    private final DockerApi api;
    private final ExecutorService pumps;
    private final ScheduledExecutorService timer;
    private final Duration connectTimeout;

    DockerStreams(DockerApi api, ExecutorService pumps, ScheduledExecutorService timer, Duration connectTimeout) {
        this.api = api;
        this.pumps = pumps;
        this.timer = timer;
        this.connectTimeout = connectTimeout;
    }

    // ---- logs ----

    InputStream logs(JsonNode container, LogOptions options) {
        String id = container.path("Id").asText();
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("stdout", 1);
        query.put("stderr", 1);
        query.put("follow", options.follow() ? 1 : null);
        query.put("tail", options.tailLines() >= 0 ? Long.toString(options.tailLines()) : "all");
        query.put("since", options.since() == null ? null : unixTime(options.since()));
        query.put("timestamps", options.timestamps() ? 1 : null);
        InputStream body = api.stream(HttpMethod.GET, "/containers/" + id + "/logs" + DockerApi.query(query), null);
        InputStream output = tty(container) ? body : StreamFrames.merged(body);
        return options.limitBytes() > 0 ? new LimitedInput(output, options.limitBytes()) : output;
    }

    private static String unixTime(Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    }

    static boolean tty(JsonNode container) {
        return container.path("Config").path("Tty").asBoolean(false);
    }

    // ---- exec ----

    ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        String execId = createExec(containerId, command, false, true, true, false);
        HijackedStream stream = HijackedStream.open(api.socket(), "/exec/" + execId + "/start",
                "{\"Detach\":false,\"Tty\":false}");
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            timedOut.set(true);
            stream.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        BoundedBuffer stdout = new BoundedBuffer(EXEC_SYNC_OUTPUT_LIMIT);
        BoundedBuffer stderr = new BoundedBuffer(EXEC_SYNC_OUTPUT_LIMIT);
        try {
            StreamFrames.demultiplex(stream.input(), (type, payload, length) ->
                    (type == StreamFrames.STDERR ? stderr : stdout).write(payload, 0, length));
        } catch (IOException e) {
            if (!timedOut.get()) {
                throw new RuntimeOperationException("exec in container " + containerId + " failed while reading its output: " + e, e);
            }
        } finally {
            deadline.cancel(false);
            stream.close();
        }
        if (timedOut.get()) {
            return new ExecResult(-1, stdout.text(), stderr.text(), true);
        }
        return new ExecResult(waitForExit(execId), stdout.text(), stderr.text(), false);
    }

    DockerExecSession exec(JsonNode container, ExecRequest request) {
        String containerId = container.path("Id").asText();
        if (request.command().isEmpty()) {
            return attach(container, request);
        }
        String execId = createExec(containerId, request.command(), request.stdin(), request.stdout(), request.stderr(), request.tty());
        HijackedStream stream = HijackedStream.open(api.socket(), "/exec/" + execId + "/start",
                "{\"Detach\":false,\"Tty\":" + request.tty() + "}");
        BiConsumer<Integer, Integer> resizer = request.tty()
                ? (columns, rows) -> resize("/exec/" + execId + "/resize", columns, rows) : null;
        return session(stream, request, request.tty(), resizer, () -> waitForExit(execId));
    }

    private DockerExecSession attach(JsonNode container, ExecRequest request) {
        String containerId = container.path("Id").asText();
        boolean tty = tty(container);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("stream", 1);
        query.put("stdin", request.stdin() ? 1 : 0);
        query.put("stdout", request.stdout() ? 1 : 0);
        query.put("stderr", request.stderr() ? 1 : 0);
        HijackedStream stream = HijackedStream.open(api.socket(), "/containers/" + containerId + "/attach" + DockerApi.query(query), null);
        BiConsumer<Integer, Integer> resizer = tty
                ? (columns, rows) -> resize("/containers/" + containerId + "/resize", columns, rows) : null;
        return session(stream, request, tty, resizer, () -> waitForContainerExit(containerId));
    }

    /** Output goes through pipes fed by one pump thread, which also learns the exit code when the stream ends. */
    private DockerExecSession session(HijackedStream stream, ExecRequest request, boolean tty,
                                      BiConsumer<Integer, Integer> resizer, ExitCodeSource exitCodes) {
        BytePipe stdout = new BytePipe(PIPE_BYTES);
        BytePipe stderr = new BytePipe(PIPE_BYTES);
        OutputStream stdin = request.stdin() ? stream.output() : null;
        InputStream stderrIn = tty || !request.stderr() ? InputStream.nullInputStream() : stderr.input();
        DockerExecSession session = new DockerExecSession(stream, stdin, stdout.input(), stderrIn, resizer);
        pumps.execute(() -> {
            try {
                if (tty) {
                    stream.input().transferTo(stdout.output());
                } else {
                    StreamFrames.demultiplex(stream.input(), (type, payload, length) ->
                            (type == StreamFrames.STDERR ? stderr.output() : stdout.output()).write(payload, 0, length));
                }
            } catch (IOException e) {
                LOG.debug("Exec stream ended: {}", e.toString());
            } finally {
                stdout.closeWriter();
                stderr.closeWriter();
            }
            if (!session.closed()) {
                try {
                    session.exitCodeFuture().complete(exitCodes.exitCode());
                } catch (RuntimeException e) {
                    session.exitCodeFuture().completeExceptionally(e);
                }
            }
        });
        return session;
    }

    private String createExec(String containerId, List<String> command, boolean stdin, boolean stdout,
                              boolean stderr, boolean tty) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("AttachStdin", stdin);
        exec.put("AttachStdout", stdout);
        exec.put("AttachStderr", stderr);
        exec.put("Tty", tty);
        exec.put("Cmd", command);
        return api.post("/containers/" + containerId + "/exec", exec).path("Id").asText();
    }

    private void resize(String path, int columns, int rows) {
        try {
            api.post(path + DockerApi.query(Map.of("h", rows, "w", columns)), null);
        } catch (RuntimeOperationException e) {
            LOG.debug("Resize failed: {}", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface ExitCodeSource {
        int exitCode();
    }

    /** The output stream can end a moment before Docker marks the exec finished: ask until it has. */
    private int waitForExit(String execId) {
        return poll("exec " + execId, () -> {
            JsonNode inspect = api.get("/exec/" + execId + "/json");
            return inspect.path("Running").asBoolean(false) ? null : inspect.path("ExitCode").asInt();
        });
    }

    private int waitForContainerExit(String containerId) {
        return poll("container " + containerId, () -> {
            JsonNode state = api.get("/containers/" + containerId + "/json").path("State");
            return state.path("Running").asBoolean(false) ? null : state.path("ExitCode").asInt();
        });
    }

    private int poll(String what, Supplier<Integer> exitCode) {
        long deadline = System.nanoTime() + EXIT_CODE_WAIT.toNanos();
        int pause = 5;
        while (true) {
            Integer code = exitCode.get();
            if (code != null) {
                return code;
            }
            if (System.nanoTime() > deadline) {
                throw new RuntimeOperationException("the stream of " + what + " ended but Docker still reports it running");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeOperationException("interrupted while waiting for the exit code of " + what, e);
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    // ---- port-forward ----

    StreamConnection portForward(String ip, int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(ip, port), (int) connectTimeout.toMillis());
            return new SocketConnection(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // failed anyway
            }
            throw new RuntimeOperationException("cannot connect to port " + port + " of the pod at " + ip + ": " + e.getMessage(), e);
        }
    }

    private record SocketConnection(Socket socket) implements StreamConnection {
        @Override
        public InputStream input() {
            try {
                return socket.getInputStream();
            } catch (IOException e) {
                throw new RuntimeOperationException("port-forward connection is closed", e);
            }
        }

        @Override
        public OutputStream output() {
            try {
                return socket.getOutputStream();
            } catch (IOException e) {
                throw new RuntimeOperationException("port-forward connection is closed", e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Keeps the first {@code limit} bytes, drops the rest (the process must not block on a full pipe). */
    private static final class BoundedBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        BoundedBuffer(int limit) {
            this.limit = limit;
        }

        void write(byte[] payload, int offset, int length) {
            bytes.write(payload, offset, Math.max(0, Math.min(length, limit - bytes.size())));
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** kubectl logs --limit-bytes. */
    private static final class LimitedInput extends FilterInputStream {
        private long remaining;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
