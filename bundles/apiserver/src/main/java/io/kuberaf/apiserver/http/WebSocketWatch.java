package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.watch.QueuedWatchSink;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A watch over WebSocket, as kube-apiserver serves it to clients that ask for one (fabric8 does):
 * one text message per {@code {"type", "object"}} event.
 */
public final class WebSocketWatch extends QueuedWatchSink<String> implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWatch.class);
    private static final int MAX_PENDING_EVENTS = 10_000;

    private final WatchEndpoint endpoint;
    private final WatchEndpoint.Plan plan;
    private volatile Session session;

    WebSocketWatch(WatchEndpoint endpoint, WatchEndpoint.Plan plan) {
        super(MAX_PENDING_EVENTS);
        this.endpoint = endpoint;
        this.plan = plan;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        try {
            endpoint.run(plan, this);
        } catch (ApiException e) {
            send("ERROR", e.toStatus());
            end();
        }
        writeNext();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        terminate(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket watch failed", cause);
        terminate(cause);
    }

    @Override
    protected boolean ready() {
        return session != null;
    }

    @Override
    protected String encode(ObjectNode event) {
        return new String(Json.bytes(event), StandardCharsets.UTF_8);
    }

    @Override
    protected void write(String item, Runnable written, Consumer<Throwable> failed) {
        session.sendText(item, Callback.from(written, failed));
    }

    @Override
    protected void close(Runnable closed, Consumer<Throwable> failed) {
        session.close(StatusCode.NORMAL, "watch ended", Callback.from(closed, failed));
    }
}
