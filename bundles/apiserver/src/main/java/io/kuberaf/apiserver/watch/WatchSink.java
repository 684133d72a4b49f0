package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where one watch's events go: an HTTP stream or a WebSocket. Implementations never block. */
public interface WatchSink {

    /** Queues one event ({@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} or {@code ERROR}). */
    void send(String type, ObjectNode object);

    /** Ends the watch after what is queued. */
    void end();

    /** Runs once when the watch ends, however it ends (timeout, client gone, error). */
    void onFinish(Runnable action);
}
