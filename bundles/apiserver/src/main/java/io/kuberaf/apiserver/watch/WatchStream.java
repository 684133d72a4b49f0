package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One HTTP watch response: {@code {"type": ..., "object": ...}} lines written asynchronously, so
 * that a watch holds no thread while it waits. A client that stops reading is cut off once
 * {@code maxPending} events wait for it.
 */
public final class WatchStream implements WatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);

    private final Response response;
    private final Callback done;
    private final int maxPending;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private Runnable onFinish = () -> { };

    public WatchStream(Response response, Callback done, int maxPending) {
        this.response = response;
        this.done = done;
        this.maxPending = maxPending;
    }

    @Override
    public synchronized void onFinish(Runnable action) {
        this.onFinish = action;
    }

    /**
     * Sends the status line and headers now, as kube-apiserver does: clients such as client-go
     * and java.net.http wait for them before they treat the watch as established.
     */
    public void commitHeaders() {
        synchronized (this) {
            if (ending || finished) {
                return;
            }
            pending.addLast(ByteBuffer.allocate(0));
        }
        writeNext();
    }

    @Override
    public void send(String type, ObjectNode object) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", type);
        line.set("object", object);
        byte[] json = Json.bytes(line);
        ByteBuffer buffer = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        synchronized (this) {
            if (ending || finished) {
                return;
            }
            if (pending.size() >= maxPending) {
                LOG.warn("Closing a watch whose client is {} events behind", pending.size());
                pending.clear();
                end();
                return;
            }
            pending.addLast(buffer);
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
        ByteBuffer next;
        boolean last;
        synchronized (this) {
            if (writing || finished) {
                return;
            }
            next = pending.pollFirst();
            last = next == null && ending;
            if (next == null && !last) {
                return;
            }
            writing = true;
            if (last) {
                finished = true;
            }
        }
        if (last) {
            response.write(true, ByteBuffer.allocate(0), Callback.from(() -> finish(null), this::finish));
            return;
        }
        response.write(false, next, Callback.from(this::written, this::finish));
    }

    private void written() {
        synchronized (this) {
            writing = false;
        }
        writeNext();
    }

    private void finish(Throwable failure) {
        Runnable action;
        synchronized (this) {
            finished = true;
            writing = false;
            pending.clear();
            action = onFinish;
            onFinish = () -> { };
        }
        action.run();
        if (failure == null) {
            done.succeeded();
        } else {
            done.failed(failure);
        }
    }
}
