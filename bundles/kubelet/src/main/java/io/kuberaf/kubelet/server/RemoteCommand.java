package io.kuberaf.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.ExecSession;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kubectl exec and attach over WebSocket: Kubernetes' remotecommand protocol {@code v5.channel.k8s.io}
 * (or {@code v4.channel.k8s.io}). Every binary message starts with its channel: 0 stdin, 1 stdout,
 * 2 stderr, 3 error (one {@code kind: Status} when the command ends), 4 terminal resize
 * ({@code {"Width":..,"Height":..}}), and in v5 255 = "close this channel" (kubectl's stdin EOF).
 */
public final class RemoteCommand implements Session.Listener.AutoDemanding {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    static final List<String> PROTOCOLS = List.of(V5, V4);

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommand.class);
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int ERROR = 3;
    private static final int RESIZE = 4;
    private static final int CLOSE = 255;
    /** How long output may still drain after the command exited (a child may hold stdout open). */
    private static final long DRAIN_SECONDS = 10;

    private final ContainerRuntime runtime;
    private final String containerId;
    private final ExecRequest request;
    private final String protocol;
    private final List<Thread> pumps = new ArrayList<>();
    private volatile MessageSender sender;
    private volatile ExecSession exec;

    RemoteCommand(ContainerRuntime runtime, String containerId, ExecRequest request, String protocol) {
        this.runtime = runtime;
        this.containerId = containerId;
        this.request = request;
        this.protocol = protocol;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new MessageSender(session);
        try {
            exec = runtime.exec(containerId, request);
        } catch (RuntimeException e) {
            LOG.warn("exec {} in container {} failed: {}", request.command(), containerId, e.getMessage());
            finish(Statuses.failure(500, "InternalError", "error executing command " + request.command() + ": "
                    + e.getMessage()));
            return;
        }
        if (request.stdout()) {
            pump(exec.stdout(), STDOUT);
        }
        if (request.stderr() && !request.tty()) {
            pump(exec.stderr(), STDERR);
        }
        exec.exitCode().whenComplete((code, failure) -> {
            awaitOutput();
            if (failure != null) {
                finish(Statuses.failure(500, "InternalError", "error executing command " + request.command() + ": "
                        + failure.getMessage()));
            } else {
                finish(code == 0 ? Statuses.success() : Statuses.nonZeroExit(request.command(), code));
            }
        });
    }

    private void pump(InputStream output, int channel) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (output) {
                int n;
                while ((n = output.read(buffer)) >= 0) {
                    if (n > 0) {
                        sender.send(channel, buffer, n);
                    }
                }
            } catch (IOException e) {
                LOG.debug("exec output channel {} of container {} ended: {}", channel, containerId, e.getMessage());
            }
        }, "kubelet-exec-" + containerId + "-" + channel);
        thread.setDaemon(true);
        pumps.add(thread);
        thread.start();
    }

    private void awaitOutput() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        for (Thread pump : pumps) {
            try {
                pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void finish(com.fasterxml.jackson.databind.node.ObjectNode status) {
        try {
            byte[] body = Statuses.bytes(status);
            sender.send(ERROR, body, body.length);
        } catch (IOException e) {
            LOG.debug("could not send the exec status of container {}: {}", containerId, e.getMessage());
        }
        sender.close();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            if (payload.hasRemaining()) {
                receive(payload.get() & 0xff, payload);
            }
            callback.succeed();
        } catch (IOException | RuntimeException e) {
            LOG.debug("exec input to container {} failed: {}", containerId, e.getMessage());
            callback.fail(e);
        }
    }

    private void receive(int channel, ByteBuffer data) throws IOException {
        ExecSession session = exec;
        if (session == null) {
            return;
        }
        switch (channel) {
            case STDIN -> {
                OutputStream stdin = session.stdin();
                if (stdin != null && data.hasRemaining()) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    stdin.write(bytes);
                    stdin.flush();
                }
            }
            case RESIZE -> {
                JsonNode size = Statuses.MAPPER.readTree(new ByteBufferInput(data));
                session.resize(size.path("Width").asInt(), size.path("Height").asInt());
            }
            case CLOSE -> {
                if (protocol.equals(V5) && data.hasRemaining() && data.get() == STDIN && session.stdin() != null) {
                    session.stdin().close();
                }
            }
            default -> LOG.debug("exec message on unknown channel {} ignored", channel);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeExec();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("exec WebSocket to container {} failed", containerId, cause);
        closeExec();
    }

    private void closeExec() {
        ExecSession session = exec;
        if (session != null) {
            try {
                session.close();
            } catch (IOException e) {
                LOG.debug("closing exec session of container {}: {}", containerId, e.getMessage());
            }
        }
    }

    /** Reads a ByteBuffer as a stream (Jackson reads the resize message from it). */
    private static final class ByteBufferInput extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }
    }
}
