package io.kuberaf.bench.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kuberaf.bench.support.Loops;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP watch ({@code GET ...?watch=1&resourceVersion=R}), read line by line on its own thread
 * with its own HTTP client (connection), as an informer reads it. For every event of the recorded
 * phase (annotation {@link Kube#PHASE}) and of the recorded types it records now minus the
 * annotation {@link Kube#START}: the time from the start of the write request to the event's arrival.
 */
final class Watcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final CompletableFuture<HttpResponse<InputStream>> response;
    private volatile InputStream body;
    private final Thread reader;
    private volatile Recording recording;
    private volatile boolean closed;
    private final AtomicLong lines = new AtomicLong();
    private volatile String failure;

    /** What one phase collects. */
    static final class Recording {
        final String phase;
        final Set<String> types;
        final Histogram latency = Loops.histogram();
        final AtomicLong events = new AtomicLong();

        Recording(String phase, Set<String> types) {
            this.phase = phase;
            this.types = types;
        }

        synchronized Histogram copy() {
            return latency.copy();
        }

        private synchronized void record(long nanos) {
            latency.recordValue(Math.min(Math.max(0, nanos), Loops.MAX_NANOS));
        }
    }

    private Watcher(String path, CompletableFuture<HttpResponse<InputStream>> response) {
        this.path = path;
        this.response = response;
        this.reader = new Thread(this::read, "watch " + path);
        this.reader.setDaemon(true);
    }

    /**
     * Opens the watch; {@code path} includes the query. Does not wait for the response headers: this
     * apiserver sends them with the first event (a watch from a resourceVersion with nothing new yet
     * stays silent), so the reader thread waits for them. Whether the watch is live shows when its
     * first events arrive.
     */
    static Watcher open(Kube kube, String path) {
        HttpClient client = Kube.newClient();
        CompletableFuture<HttpResponse<InputStream>> response = client.sendAsync(HttpRequest.newBuilder(kube.uri(path)).GET()
                .header("Accept", "application/json").header("User-Agent", "kuberaf-bench-apiserver/watch").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Watcher w = new Watcher(path, response);
        w.reader.start();
        return w;
    }

    void record(Recording r) {
        this.recording = r;
    }

    private void read() {
        try {
            HttpResponse<InputStream> head = response.get();
            body = head.body();
            if (closed) {
                body.close();
                return;
            }
            if (head.statusCode() != 200) {
                failure = "GET " + path + " -> " + head.statusCode() + ": "
                        + Kube.snippet(new String(head.body().readAllBytes(), StandardCharsets.UTF_8));
                return;
            }
        } catch (Exception e) {
            if (!closed) {
                failure = "watch " + path + " failed: " + e;
            }
            return;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = in.readLine()) != null; ) {
                long now = System.nanoTime();
                lines.incrementAndGet();
                Recording r = recording;
                if (r == null || line.isEmpty()) {
                    continue;
                }
                JsonNode event = JSON.readTree(line);
                String type = event.path("type").asText();
                if (type.equals("ERROR")) {
                    failure = "ERROR event: " + Kube.snippet(line);
                    continue;
                }
                if (!r.types.contains(type)) {
                    continue;
                }
                JsonNode annotations = event.path("object").path("metadata").path("annotations");
                if (!r.phase.equals(annotations.path(Kube.PHASE).asText())) {
                    continue;
                }
                long start = Long.parseLong(annotations.path(Kube.START).asText("0"));
                r.record(now - start);
                r.events.incrementAndGet();
            }
            if (!closed) {
                failure = "the server ended the watch " + path;
            }
        } catch (Exception e) {
            if (!closed) {
                failure = "watch " + path + " failed: " + e;
            }
        }
    }

    /** Waits until {@code r} has {@code expected} events or {@code timeoutMs} passed; returns the count. */
    static long await(Recording r, long expected, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (r.events.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return r.events.get();
    }

    String failure() {
        return failure;
    }

    String path() {
        return path;
    }

    @Override
    public void close() {
        closed = true;
        response.cancel(true);
        try {
            InputStream b = body;
            if (b != null) {
                b.close(); // cancels the exchange and closes the connection
            }
        } catch (Exception e) {
            // best effort
        }
        reader.interrupt();
    }
}
