package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.watch.WatchSink;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * A watch over WebSocket, as kube-apiserver serves it to clients that ask for one (fabric8 does):
 * one text message per {@code {"type", "object"}} event, sent in order, one at a time.
 */
public final class WebSocketWatch implements Session.Listener.AutoDemanding, WatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWatch.class);
    private static final int MAX_PENDING_EVENTS = 10_000;

    private final WatchEndpoint endpoint;
    private final WatchEndpoint.Plan plan;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private Session session;
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private Runnable onFinish = () -> { };

    WebSocketWatch(WatchEndpoint endpoint, WatchEndpoint.Plan plan) {
        this.endpoint = endpoint;
        this.plan = plan;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        synchronized (this) {
            this.session = session;
        }
        try {
            endpoint.run(plan, this);
        } catch (ApiException e) {
            send("ERROR", e.toStatus());
            end();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        finish();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket watch failed", cause);
        finish();
    }

    @Override
    public synchronized void onFinish(Runnable action) {
        this.onFinish = action;
    }

    @Override
    public void send(String type, ObjectNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        String text = new String(Json.bytes(event), java.nio.charset.StandardCharsets.UTF_8);
        synchronized (this) {
            if (ending || finished) {
                return;
            }
            if (pending.size() >= MAX_PENDING_EVENTS) {
                LOG.warn("Closing a WebSocket watch whose client is {} events behind", pending.size());
                pending.clear();
                ending = true;
            } else {
                pending.addLast(text);
            }
        }
        writeNext();
    }

    @Override
    public void end() {
        synchronized (this) {
            if (ending || finished) {
                return;
            }
            ending = true;
        }
        writeNext();
    }

    private void writeNext() {
        String next;
        boolean close;
        Session target;
        synchronized (this) {
            if (writing || finished || session == null) {
                return;
            }
            next = pending.pollFirst();
            close = next == null && ending;
            if (next == null && !close) {
                return;
            }
            writing = true;
            target = session;
        }
        if (close) {
            target.close(StatusCode.NORMAL, "watch ended", Callback.NOOP);
            finish();
            return;
        }
        target.sendText(next, Callback.from(this::written, failure -> finish()));
    }

    private void written() {
        synchronized (this) {
            writing = false;
        }
        writeNext();
    }

    private void finish() {
        Runnable action;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            pending.clear();
            action = onFinish;
        }
        action.run();
    }
}
