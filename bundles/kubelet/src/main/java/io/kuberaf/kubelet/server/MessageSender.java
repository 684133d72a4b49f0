package io.kuberaf.kubelet.server;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends whole binary messages on a WebSocket from several threads, one at a time and blocking until
 * each is written: the stream pumps then go no faster than the client reads.
 */
final class MessageSender {

    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final Session session;

    MessageSender(Session session) {
        this.session = session;
    }

    synchronized void send(byte[] message) throws IOException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(message), Callback.from(() -> written.complete(null), written::completeExceptionally));
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the WebSocket", e);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("WebSocket write did not complete in " + WRITE_TIMEOUT_SECONDS + " s (client not reading)");
        }
    }

    /** Sends {@code channel} then {@code length} bytes of {@code data}: the channel.k8s.io framing. */
    void send(int channel, byte[] data, int length) throws IOException {
        byte[] message = new byte[length + 1];
        message[0] = (byte) channel;
        System.arraycopy(data, 0, message, 1, length);
        send(message);
    }

    void close() {
        synchronized (this) {
            if (session.isOpen()) {
                session.close(StatusCode.NORMAL, null, Callback.NOOP);
            }
        }
    }
}
