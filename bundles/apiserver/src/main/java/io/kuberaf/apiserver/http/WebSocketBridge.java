package io.kuberaf.apiserver.http;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Joins kubectl's WebSocket to the kubelet's, frame for frame, in both directions. Each side reads its
 * next frame only once the previous one has been written to the other side, so a slow reader slows the
 * writer instead of filling memory. Frames flow once both sides are open.
 */
public final class WebSocketBridge {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    /** As the kubelet: an exec shell or port-forward may stay quiet this long. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(4);

    private final String description;
    private final Half kubectl = new Half("kubectl");
    private final Half kubelet = new Half("kubelet");

    WebSocketBridge(String description) {
        this.description = description;
        kubectl.peer = kubelet;
        kubelet.peer = kubectl;
    }

    /** The endpoint of kubectl's WebSocket (served by the apiserver). */
    public Session.Listener kubectlSide() {
        return kubectl;
    }

    /** The endpoint of the kubelet's WebSocket (the apiserver is the client). */
    public Session.Listener kubeletSide() {
        return kubelet;
    }

    /** One WebSocket of the bridge; what it receives goes out on its peer. */
    public final class Half implements Session.Listener {
        private final String name;
        private Half peer;
        private volatile Session session;
        private boolean started;

        Half(String name) {
            this.name = name;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            opened.setIdleTimeout(IDLE_TIMEOUT);
            session = opened;
            startWhenBothOpen();
        }

        private void startWhenBothOpen() {
            synchronized (WebSocketBridge.this) {
                if (session != null && peer.session != null && !started) {
                    started = true;
                    peer.started = true;
                    session.demand();
                    peer.session.demand();
                }
            }
        }

        @Override
        public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
            peer.session.sendPartialBinary(payload, last, Callback.from(() -> {
                callback.succeed();
                session.demand();
            }, failure -> {
                callback.fail(failure);
                abort(failure);
            }));
        }

        @Override
        public void onWebSocketPartialText(String payload, boolean last) {
            peer.session.sendPartialText(payload, last, Callback.from(session::demand, WebSocketBridge.this::abort));
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            session.demand(); // Jetty answers with the pong
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            session.demand();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            Session other = peer.session;
            if (other != null && other.isOpen()) {
                other.close(sendable(statusCode), reason, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("{}: {}'s WebSocket failed", description, name, cause);
            Session other = peer.session;
            if (other != null && other.isOpen()) {
                other.close(StatusCode.SERVER_ERROR, name + " connection failed", Callback.NOOP);
            }
        }
    }

    private void abort(Throwable failure) {
        LOG.debug("{}: bridge failed", description, failure);
        for (Half half : new Half[]{kubectl, kubelet}) {
            Session session = half.session;
            if (session != null) {
                session.disconnect();
            }
        }
    }

    /** 1005 (no status) and 1006 (abnormal) describe a close but may not be sent in one. */
    private static int sendable(int statusCode) {
        return statusCode == StatusCode.NO_CODE || statusCode == StatusCode.NO_CLOSE ? StatusCode.NORMAL : statusCode;
    }
}
