package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The ordering every watch transport needs: events are queued without blocking and written one at
 * a time, in order; a client that stops reading is cut off once {@code maxPending} events wait for
 * it; {@link #onFinish} runs exactly once however the watch ends. Subclasses only say how one
 * event is encoded and written, and how the transport is closed.
 *
 * @param <T> one encoded event, as the transport writes it
 */
public abstract class QueuedWatchSink<T> implements WatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedWatchSink.class);

    private final int maxPending;
    private final ArrayDeque<T> pending = new ArrayDeque<>();
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private Runnable onFinish = () -> { };

    protected QueuedWatchSink(int maxPending) {
        this.maxPending = maxPending;
    }

    /** Encodes {@code {"type": ..., "object": ...}} for the transport. */
    protected abstract T encode(ObjectNode event);

    /** Writes one item; calls exactly one of {@code written} or {@code failed} when done. */
    protected abstract void write(T item, Runnable written, Consumer<Throwable> failed);

    /** Closes the transport after the last item; calls exactly one of {@code closed} or {@code failed}. */
    protected abstract void close(Runnable closed, Consumer<Throwable> failed);

    /** Whether the transport can take writes yet (a WebSocket before it opens cannot). */
    protected boolean ready() {
        return true;
    }

    /** Called once when the watch is over; {@code failure} is null after a clean close. */
    protected void finished(Throwable failure) {
    }

    /** Registers the clean-up; runs it at once when the watch already ended (before it was registered). */
    @Override
    public void onFinish(Runnable action) {
        boolean alreadyFinished;
        synchronized (this) {
            alreadyFinished = finished;
            if (!alreadyFinished) {
                onFinish = action;
            }
        }
        if (alreadyFinished) {
            action.run();
        }
    }

    @Override
    public void send(String type, ObjectNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        enqueue(encode(event));
    }

    /** Queues an item that is not an event (e.g. an empty write that commits HTTP headers). */
    protected void enqueue(T item) {
        synchronized (this) {
            if (ending || finished) {
                return;
            }
            if (pending.size() >= maxPending) {
                LOG.warn("Closing a watch whose client is {} events behind", pending.size());
                pending.clear();
                ending = true;
            } else {
                pending.addLast(item);
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

    /** Writes the next queued item unless a write is in flight. */
    protected void writeNext() {
        T next;
        boolean close;
        synchronized (this) {
            if (writing || finished || !ready()) {
                return;
            }
            next = pending.pollFirst();
            close = next == null && ending;
            if (next == null && !close) {
                return;
            }
            writing = true;
        }
        if (close) {
            close(() -> terminate(null), this::terminate);
        } else {
            write(next, this::written, this::terminate);
        }
    }

    private void written() {
        synchronized (this) {
            writing = false;
        }
        writeNext();
    }

    /** Ends the watch now (transport closed or failed); later calls do nothing. */
    protected void terminate(Throwable failure) {
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
        finished(failure);
    }
}
