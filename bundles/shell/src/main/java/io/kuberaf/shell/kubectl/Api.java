package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The REST calls kubectl makes, over the fabric8 client's own HTTP client (so its configuration,
 * authentication and TLS apply): generic JSON, server-side Tables, watches as lines.
 */
public final class Api {

    /** What kubectl get asks for: the server's Table, with JSON as the fall-back. */
    public static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    public static final String JSON = "application/json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final KubernetesClient client;
    private final String base;

    public Api(KubernetesClient client) {
        this.client = client;
        String master = client.getMasterUrl().toString();
        this.base = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
    }

    public KubernetesClient client() {
        return client;
    }

    public String baseUrl() {
        return base;
    }

    public JsonNode get(String path) {
        return request("GET", path, JSON, null, null);
    }

    public JsonNode getTable(String path) {
        return request("GET", path, TABLE, null, null);
    }

    public JsonNode post(String path, JsonNode body) {
        return request("POST", path, JSON, JSON, body.toString());
    }

    public JsonNode put(String path, JsonNode body) {
        return request("PUT", path, JSON, JSON, body.toString());
    }

    public JsonNode patch(String path, String contentType, String body) {
        return request("PATCH", path, JSON, contentType, body);
    }

    public JsonNode delete(String path, JsonNode options) {
        return request("DELETE", path, JSON, JSON, options == null ? null : options.toString());
    }

    /** Sends one request; a non-2xx answer becomes an {@link ApiException} carrying the server's Status. */
    public JsonNode request(String method, String path, String accept, String contentType, String body) {
        HttpResponse<String> response = send(method, path, accept, contentType, body);
        String text = response.body();
        JsonNode json = parse(text);
        if (!response.isSuccessful()) {
            throw ApiException.fromStatus(response.code(), json, text);
        }
        return json == null ? MAPPER.createObjectNode() : json;
    }

    /** The raw text of a GET (logs, plain-text endpoints), or the server's error. */
    public String getText(String path) {
        HttpResponse<String> response = send("GET", path, "*/*", null, null);
        if (!response.isSuccessful()) {
            throw ApiException.fromStatus(response.code(), parse(response.body()), response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, String accept, String contentType, String body) {
        HttpClient http = client.getHttpClient();
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(base + path).header("Accept", accept);
        if (body != null) {
            builder.method(method, contentType, body);
        } else if (!"GET".equals(method)) {
            builder.method(method, JSON, "");
        }
        try {
            return http.sendAsync(builder.build(), String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubectlException("error: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        }
    }

    private KubectlException unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new KubectlException("The connection to the server " + client.getMasterUrl().getHost() + ":"
                + client.getMasterUrl().getPort() + " was refused - did you specify the right host or port? (" + detail + ")");
    }

    /**
     * Opens a watch ({@code ?watch=1}); its events arrive one JSON line each in the returned
     * stream, read on the caller's thread (so Ctrl-C, an interrupt, ends it).
     */
    public WatchStream watch(String path, String accept) {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(base + path).header("Accept", accept).forStreaming().build();
        WatchStream stream = new WatchStream();
        try {
            HttpResponse<AsyncBody> response = http.consumeBytes(request, stream::accept).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                response.body().cancel();
                throw ApiException.fromStatus(response.code(), null, "watch failed");
            }
            stream.body = response.body();
            response.body().consume();
            response.body().done().whenComplete((ignored, error) -> stream.end());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubectlException("error: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        }
        return stream;
    }

    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of one watch, as parsed JSON lines. */
    public static final class WatchStream implements AutoCloseable {

        private static final JsonNode END = MAPPER.createObjectNode();
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile AsyncBody body;

        private void accept(List<ByteBuffer> buffers, AsyncBody asyncBody) {
            for (ByteBuffer buffer : buffers) {
                partial.append(StandardCharsets.UTF_8.decode(buffer));
            }
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                JsonNode event = parse(partial.substring(0, newline));
                partial.delete(0, newline + 1);
                if (event != null) {
                    events.add(event);
                }
            }
            asyncBody.consume();
        }

        private void end() {
            events.add(END);
        }

        /** The next event, or null when the server ended the watch. Blocks; interruptible. */
        public JsonNode next() throws InterruptedException {
            JsonNode event = events.take();
            if (event == END) {
                events.add(END);
                return null;
            }
            return event;
        }

        /** The next event within the time, or null (timeout or end). */
        public JsonNode next(long millis) throws InterruptedException {
            JsonNode event = events.poll(millis, TimeUnit.MILLISECONDS);
            if (event == END) {
                events.add(END);
                return null;
            }
            return event;
        }

        @Override
        public void close() {
            AsyncBody current = body;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
