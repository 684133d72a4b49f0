package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kuberaf.api.runtime.RuntimeOperationException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON calls to the Docker Engine API over its Unix socket (Jetty's HTTP client). Paths are given
 * without the version prefix; every call uses {@link #API_VERSION}. Hijacked streams (exec, attach)
 * go through {@link HijackedStream} instead.
 */
final class DockerApi implements AutoCloseable {

    /** The API version Kuberaf speaks: Docker 20.10's; later daemons still serve it. */
    static final String API_VERSION = "1.41";
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final Path socket;
    private final Duration timeout;
    private final HttpClient http = new HttpClient();

    DockerApi(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        http.setName("kuberaf-docker-http");
        http.setIdleTimeout(timeout.toMillis());
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for Docker", e);
        }
    }

    ObjectMapper json() {
        return json;
    }

    Path socket() {
        return socket;
    }

    JsonNode get(String path) {
        return call(HttpMethod.GET, path, null, timeout);
    }

    JsonNode post(String path, Object body) {
        return call(HttpMethod.POST, path, body, timeout);
    }

    /** A POST that may take {@code extra} longer than an ordinary call (stop with a grace period, wait). */
    JsonNode post(String path, Object body, Duration extra) {
        return call(HttpMethod.POST, path, body, timeout.plus(extra));
    }

    JsonNode delete(String path) {
        return call(HttpMethod.DELETE, path, null, timeout);
    }

    /** GET without the version prefix: /_ping and /version answer whatever version the daemon speaks. */
    String getUnversioned(String path) {
        Request request = http.newRequest("http://localhost" + path).transport(new Transport.TCPUnix(socket))
                .method(HttpMethod.GET).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ContentResponse response = send(request, "GET " + path);
        if (response.getStatus() >= 300) {
            throw error("GET " + path, response.getStatus(), response.getContentAsString());
        }
        return response.getContentAsString();
    }

    /**
     * Starts a call whose answer is a stream (logs, pull progress). The caller reads and closes it.
     *
     * @param timeout the whole call's limit; null for none (followed logs)
     */
    InputStream stream(HttpMethod method, String path, Duration timeout) {
        return stream(newRequest(method, path), method + " " + path, timeout);
    }

    /** A POST whose body is streamed from {@code body} (an image archive) and whose answer is a stream. */
    InputStream postStreaming(String path, String contentType, InputStream body, Duration timeout) {
        Request request = newRequest(HttpMethod.POST, path).body(new InputStreamRequestContent(contentType, body));
        return stream(request, "POST " + path, timeout);
    }

    private InputStream stream(Request request, String call, Duration timeout) {
        if (timeout != null) {
            request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            request.idleTimeout(0, TimeUnit.MILLISECONDS);
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Duration headWait = timeout != null ? timeout : this.timeout;
        Response response;
        try {
            response = listener.get(headWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new RuntimeOperationException("interrupted during Docker " + call, e);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(call, headWait, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw timedOut(call, headWait, e.getCause());
            }
            throw unreachable(call, e.getCause());
        }
        InputStream body = listener.getInputStream();
        if (response.getStatus() >= 300) {
            String text;
            try (body) {
                text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = e.toString();
            }
            throw error(call, response.getStatus(), text);
        }
        return body;
    }

    private JsonNode call(HttpMethod method, String path, Object body, Duration limit) {
        String call = method + " " + path;
        // The idle timeout too: a stop sends nothing back until its grace period is over, and the
        // client's default idle timeout (30 s) would cut it before the call's own limit.
        Request request = newRequest(method, path)
                .timeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (body != null) {
            try {
                request.body(new StringRequestContent("application/json", json.writeValueAsString(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write the body of " + call, e);
            }
        }
        ContentResponse response = send(request, call);
        String text = response.getContentAsString();
        if (response.getStatus() >= 300 && response.getStatus() != 304) {
            throw error(call, response.getStatus(), text);
        }
        if (text == null || text.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new RuntimeOperationException("Docker " + call + " answered with JSON Kuberaf cannot read: " + e.getMessage(), e);
        }
    }

    private Request newRequest(HttpMethod method, String path) {
        return http.newRequest("http://localhost/v" + API_VERSION + path)
                .transport(new Transport.TCPUnix(socket))
                .method(method);
    }

    private ContentResponse send(Request request, String call) {
        try {
            return new CompletableResponseListener(request, MAX_RESPONSE_BYTES).send().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new RuntimeOperationException("interrupted during Docker " + call, e);
        } catch (ExecutionException e) {
            throw unreachable(call, e.getCause());
        }
    }

    private static RuntimeOperationException timedOut(String call, Duration limit, Throwable cause) {
        return new RuntimeOperationException("Docker " + call + " did not answer within " + limit.toSeconds() + " s", cause);
    }

    private RuntimeOperationException unreachable(String call, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new RuntimeOperationException("Docker " + call + " timed out: " + cause.getMessage(), cause);
        }
        return new RuntimeOperationException("Docker " + call + " failed: cannot reach dockerd on " + socket
                + " (" + cause + "); is the Docker daemon running?", cause);
    }

    /** Docker's errors are {"message": "..."}. */
    private DockerApiException error(String call, int status, String body) {
        String message = body == null ? "" : body.trim();
        try {
            JsonNode node = json.readTree(message);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text
        }
        return new DockerApiException(call, status, message.isEmpty() ? "(no message)" : message);
    }

    /** Builds a query string: null values are left out. */
    static String query(Map<String, ?> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // closing: nothing left to do with it
        }
    }
}
