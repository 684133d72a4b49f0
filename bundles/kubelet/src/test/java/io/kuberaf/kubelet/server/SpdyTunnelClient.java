package io.kuberaf.kubelet.server;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client half of port-forward's SPDY-over-WebSocket tunnel, as kubectl 1.31+ speaks it (Jetty's client:
 * the JDK's refuses the subprotocol name).
 */
public final class SpdyTunnelClient implements Session.Listener.AutoDemanding, AutoCloseable {

    private final SpdyCodec codec = new SpdyCodec();
    private final BlockingQueue<SpdyFrame> received = new LinkedBlockingQueue<>();
    private final WebSocketClient client = new WebSocketClient();
    private Session session;

    static SpdyTunnelClient connect(String url, String token) throws Exception {
        SpdyTunnelClient tunnel = new SpdyTunnelClient();
        tunnel.client.start();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(List.of(PortForwardTunnel.PROTOCOL));
        upgrade.setHeader("Authorization", "Bearer " + token);
        tunnel.session = tunnel.client.connect(tunnel, URI.create(url), upgrade).get(10, TimeUnit.SECONDS);
        return tunnel;
    }

    String protocol() {
        return session.getUpgradeResponse().getAcceptedSubProtocol();
    }

    synchronized void send(SpdyFrame frame) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(codec.encode(frame)), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    SpdyFrame next() throws InterruptedException {
        SpdyFrame frame = received.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no SPDY frame from the kubelet within 10 s");
        }
        return frame;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        synchronized (received) {
            received.addAll(codec.decode(payload));
        }
        callback.succeed();
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
