package io.kuberaf.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A remotecommand client (what kubectl exec does over WebSocket): channel-prefixed binary messages. */
final class ChannelClient implements WebSocket.Listener {

    private final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket;

    static ChannelClient connect(String url, String token, String... protocols) throws Exception {
        ChannelClient client = new ChannelClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length))
                .buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    void send(int channel, String data) throws Exception {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = ByteBuffer.allocate(bytes.length + 1).put((byte) channel).put(bytes).flip();
        socket.sendBinary(message, true).get(10, TimeUnit.SECONDS);
    }

    void closeStdin() throws Exception {
        socket.sendBinary(ByteBuffer.wrap(new byte[]{(byte) 255, 0}), true).get(10, TimeUnit.SECONDS);
    }

    String output(int channel) {
        ByteArrayOutputStream out = channels.get(channel);
        return out == null ? "" : out.toString(StandardCharsets.UTF_8);
    }

    void awaitClose() throws Exception {
        closed.get(20, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (partial) {
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                if (message.length > 0) {
                    channels.computeIfAbsent(message[0] & 0xff, c -> new ByteArrayOutputStream())
                            .write(message, 1, message.length - 1);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
