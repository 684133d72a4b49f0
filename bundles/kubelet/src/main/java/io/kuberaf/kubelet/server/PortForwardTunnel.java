package io.kuberaf.kubelet.server;

import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.StreamConnection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kubectl port-forward: SPDY/3.1 tunneled over a WebSocket (subprotocol
 * {@code SPDY/3.1+portforward.k8s.io}, kubectl 1.31 and later). For each local connection kubectl opens
 * two streams with the same {@code requestID} header: {@code streamType: error} and
 * {@code streamType: data}, each naming the pod {@code port}. Once both are there the kubelet connects to
 * the port inside the pod's sandbox and copies bytes between it and the data stream; a failure is
 * written as text on the error stream. Both streams are finished (FIN) when the pod side closes.
 */
public final class PortForwardTunnel implements Session.Listener.AutoDemanding {

    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardTunnel.class);

    private final ContainerRuntime runtime;
    private final String sandboxId;
    private final String pod;
    private final SpdyCodec codec = new SpdyCodec();
    private final Map<String, Forward> byRequest = new ConcurrentHashMap<>();
    private final Map<Integer, Forward> byStream = new ConcurrentHashMap<>();
    private volatile MessageSender sender;

    PortForwardTunnel(ContainerRuntime runtime, String sandboxId, String pod) {
        this.runtime = runtime;
        this.sandboxId = sandboxId;
        this.pod = pod;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new MessageSender(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            for (SpdyFrame frame : codec.decode(payload)) {
                handle(frame);
            }
            callback.succeed();
        } catch (SpdyCodec.SpdyException e) {
            LOG.warn("port-forward to pod {}: {}; closing the tunnel", pod, e.getMessage());
            callback.fail(e);
        }
    }

    private void handle(SpdyFrame frame) {
        if (frame instanceof SpdyFrame.SynStream syn) {
            open(syn);
        } else if (frame instanceof SpdyFrame.Data data) {
            Forward forward = byStream.get(data.streamId());
            if (forward != null) {
                forward.fromClient(data);
            }
        } else if (frame instanceof SpdyFrame.RstStream rst) {
            Forward forward = byStream.get(rst.streamId());
            if (forward != null) {
                forward.close();
            }
        } else if (frame instanceof SpdyFrame.Ping ping) {
            send(ping);
        } else if (frame instanceof SpdyFrame.GoAway) {
            closeAll();
        }
    }

    private void open(SpdyFrame.SynStream syn) {
        String type = syn.headers().getOrDefault("streamtype", "");
        int port = parsePort(syn.headers().get("port"));
        if (port < 1 || !(type.equals("data") || type.equals("error"))) {
            LOG.debug("port-forward stream {} refused: headers {}", syn.streamId(), syn.headers());
            send(new SpdyFrame.RstStream(syn.streamId(), SpdyFrame.RstStream.PROTOCOL_ERROR));
            return;
        }
        send(new SpdyFrame.SynReply(syn.streamId(), false, Map.of()));
        String requestId = syn.headers().getOrDefault("requestid", pseudoRequestId(type, syn.streamId()));
        Forward forward = byRequest.computeIfAbsent(requestId, id -> new Forward(id, port));
        byStream.put(syn.streamId(), forward);
        if (forward.add(type, syn.streamId())) {
            forward.connect();
        }
    }

    /** Clients older than request ids open error then data streams back to back: pair them by id. */
    private static String pseudoRequestId(String type, int streamId) {
        return Integer.toString(type.equals("error") ? streamId : streamId - 2);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value == null ? "" : value.trim());
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private synchronized boolean send(SpdyFrame frame) {
        try {
            // encode and send under one lock: the header compression context follows the byte order
            sender.send(codec.encode(frame));
            return true;
        } catch (IOException e) {
            LOG.debug("port-forward to pod {}: cannot send {}: {}", pod, frame.getClass().getSimpleName(), e.getMessage());
            return false;
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeAll();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("port-forward WebSocket to pod {} failed", pod, cause);
        closeAll();
    }

    private void closeAll() {
        byRequest.values().forEach(Forward::close);
    }

    /** One forwarded connection: its two streams and the connection inside the pod. */
    private final class Forward {
        private final String requestId;
        private final int port;
        private int dataStream;
        private int errorStream;
        private volatile StreamConnection connection;
        private volatile boolean closed;

        Forward(String requestId, int port) {
            this.requestId = requestId;
            this.port = port;
        }

        /** True when this completed the pair. */
        synchronized boolean add(String type, int streamId) {
            if (type.equals("data")) {
                dataStream = streamId;
            } else {
                errorStream = streamId;
            }
            return dataStream != 0 && errorStream != 0;
        }

        void connect() {
            try {
                connection = runtime.portForward(sandboxId, port);
            } catch (RuntimeException e) {
                String message = "error forwarding port " + port + " to pod " + pod + ": " + e.getMessage();
                LOG.info("{}", message);
                send(new SpdyFrame.Data(errorStream, false, message.getBytes(StandardCharsets.UTF_8)));
                finish();
                return;
            }
            Thread thread = new Thread(this::toClient, "kubelet-portforward-" + pod + "-" + port + "-" + requestId);
            thread.setDaemon(true);
            thread.start();
        }

        private void toClient() {
            byte[] buffer = new byte[32 * 1024];
            try (InputStream in = connection.input()) {
                int n;
                while (!closed && (n = in.read(buffer)) >= 0) {
                    if (n > 0 && !send(new SpdyFrame.Data(dataStream, false, Arrays.copyOf(buffer, n)))) {
                        break;
                    }
                }
            } catch (IOException e) {
                LOG.debug("port-forward {} of pod {} ended: {}", port, pod, e.getMessage());
            }
            finish();
        }

        void fromClient(SpdyFrame.Data data) {
            StreamConnection target = connection;
            if (target == null || closed) {
                return;
            }
            try {
                if (data.data().length > 0) {
                    target.output().write(data.data());
                    target.output().flush();
                }
                if (data.fin()) {
                    target.output().close(); // the client is done sending: half-close towards the pod
                }
            } catch (IOException e) {
                LOG.debug("port-forward {} of pod {}: write failed: {}", port, pod, e.getMessage());
                close();
            }
        }

        /** The pod side is done: end both streams, as kubectl waits for the error stream to end. */
        private void finish() {
            if (!closed) {
                send(new SpdyFrame.Data(dataStream, true, new byte[0]));
                send(new SpdyFrame.Data(errorStream, true, new byte[0]));
            }
            close();
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            byRequest.remove(requestId);
            byStream.remove(dataStream);
            byStream.remove(errorStream);
            StreamConnection target = connection;
            if (target != null) {
                try {
                    target.close();
                } catch (IOException e) {
                    LOG.debug("closing port-forward {} of pod {}: {}", port, pod, e.getMessage());
                }
            }
        }
    }
}
