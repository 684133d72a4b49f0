package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One HTTP watch response: {@code {"type": ..., "object": ...}} lines written asynchronously, so
 * that a watch holds no thread while it waits.
 */
public final class WatchStream extends QueuedWatchSink<ByteBuffer> {

    private final Response response;
    private final Callback done;

    public WatchStream(Response response, Callback done, int maxPending) {
        super(maxPending);
        this.response = response;
        this.done = done;
    }

    /**
     * Sends the status line and headers now, as kube-apiserver does: clients such as client-go
     * and java.net.http wait for them before they treat the watch as established.
     */
    public void commitHeaders() {
        enqueue(ByteBuffer.allocate(0));
    }

    @Override
    protected ByteBuffer encode(ObjectNode event) {
        byte[] json = Json.bytes(event);
        return ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    }

    @Override
    protected void write(ByteBuffer item, Runnable written, Consumer<Throwable> failed) {
        response.write(false, item, Callback.from(written, failed));
    }

    @Override
    protected void close(Runnable closed, Consumer<Throwable> failed) {
        response.write(true, ByteBuffer.allocate(0), Callback.from(closed, failed));
    }

    @Override
    protected void finished(Throwable failure) {
        if (failure == null) {
            done.succeeded();
        } else {
            done.failed(failure);
        }
    }
}
