package io.kuberaf.bench.apiserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes REST calls over java.net.http (HTTP/1.1, JSON), with the query parameters and headers
 * kubectl sends, and the request bodies of the benchmark: ConfigMaps with ~1 KiB of data and Pods
 * with one container. Every object carries two annotations: the phase that wrote it and the
 * {@code System.nanoTime()} at which its request started, so that a watcher in this JVM can compute
 * the delivery latency of each event.
 */
final class Kube {

    static final String START = "bench.kuberaf.io/start";
    static final String PHASE = "bench.kuberaf.io/phase";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"");
    private static final byte[] CONTINUE = "\"continue\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Four 256-character values per ConfigMap: 1 KiB of data, a different variant per write. */
    private static final String[][] DATA = new String[16][4];

    static {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (String[] variant : DATA) {
            for (int k = 0; k < variant.length; k++) {
                StringBuilder sb = new StringBuilder(256);
                for (int i = 0; i < 256; i++) {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                variant[k] = sb.toString();
            }
        }
    }

    private final String base;

    Kube(String base) {
        this.base = base;
    }

    /** One HTTP/1.1 client: its own connection(s), as a separate kubectl or controller would have. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The reply of a call; any status but 2xx throws. */
    record Reply(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** metadata.resourceVersion of a single object (the only resourceVersion in its JSON). */
        long resourceVersion() {
            Matcher m = RESOURCE_VERSION.matcher(text());
            if (!m.find()) {
                throw new IllegalStateException("no resourceVersion in " + snippet(text()));
            }
            return Long.parseLong(m.group(1));
        }

        /** metadata.continue of a list page, or null on the last page (ListMeta precedes the items). */
        String continueToken() {
            int at = indexOf(body, CONTINUE, 0);
            if (at < 0) {
                return null;
            }
            int start = at + CONTINUE.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            return end > start ? new String(body, start, end - start, StandardCharsets.UTF_8) : null;
        }
    }

    static final class ApiError extends IOException {
        final int status;

        ApiError(String method, String path, int status, String body) {
            super(method + " " + path + " -> " + status + ": " + snippet(body));
            this.status = status;
        }
    }

    static String snippet(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ calls

    Reply get(HttpClient client, String path) throws IOException, InterruptedException {
        return send(client, HttpRequest.newBuilder(uri(path)).GET(), "GET", path);
    }

    /** As {@code kubectl create -f}: POST with fieldManager=kubectl-create and strict field validation. */
    Reply create(HttpClient client, String collection, String json) throws IOException, InterruptedException {
        String path = collection + "?fieldManager=kubectl-create&fieldValidation=Strict";
        return send(client, HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"), "POST", path);
    }

    /** As {@code kubectl replace -f}: PUT of the whole object, metadata.resourceVersion set (optimistic concurrency). */
    Reply replace(HttpClient client, String object, String json) throws IOException, InterruptedException {
        String path = object + "?fieldManager=kubectl-replace&fieldValidation=Strict";
        return send(client, HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"), "PUT", path);
    }

    private Reply send(HttpClient client, HttpRequest.Builder request, String method, String path)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request.timeout(TIMEOUT).header("Accept", "application/json")
                .header("User-Agent", "kuberaf-bench-apiserver").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new ApiError(method, path, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return new Reply(r.statusCode(), r.body());
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    // ----------------------------------------------------------------- bodies

    static String namespace(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    /** A ConfigMap with 4 x 256 characters of data (variant {@code variant}); resourceVersion 0 = none (create). */
    static String configMap(String namespace, String name, long resourceVersion, int variant, String phase, long startNanos) {
        String[] d = DATA[Math.floorMod(variant, DATA.length)];
        StringBuilder sb = new StringBuilder(1400);
        sb.append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append('"');
        if (resourceVersion > 0) {
            sb.append(",\"resourceVersion\":\"").append(resourceVersion).append('"');
        }
        sb.append(",\"labels\":{\"app\":\"bench\",\"tier\":\"config\"},\"annotations\":{\"").append(PHASE).append("\":\"")
                .append(phase).append("\",\"").append(START).append("\":\"").append(startNanos).append("\"}},\"data\":{");
        for (int k = 0; k < d.length; k++) {
            sb.append(k == 0 ? "" : ",").append("\"key").append(k).append("\":\"").append(d[k]).append('"');
        }
        return sb.append("}}").toString();
    }

    /** A Pod with one container, as {@code kubectl run} or a controller would create it. */
    static String pod(String namespace, String name, String phase, long startNanos) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace
                + "\",\"labels\":{\"app\":\"bench\",\"run\":\"" + name + "\"},\"annotations\":{\"" + PHASE + "\":\"" + phase
                + "\",\"" + START + "\":\"" + startNanos + "\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"registry.k8s.io/pause:3.9\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"},\"limits\":{\"memory\":\"32Mi\"}},"
                + "\"imagePullPolicy\":\"IfNotPresent\"}],\"restartPolicy\":\"Always\"}}";
    }
}
