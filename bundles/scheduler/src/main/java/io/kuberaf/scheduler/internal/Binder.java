package io.kuberaf.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * POSTs pods/{name}/binding asynchronously, so the scheduler decides the next pod while bindings are in
 * flight (at most {@code maxInFlight} at once). fabric8 has no typed call for this subresource (its
 * {@code bindings()} posts to the namespace's bindings collection), so the request goes through the
 * client's own HTTP client, with its configuration and authentication.
 */
public final class Binder {

    /** The outcome of one binding: HTTP code (0 if the request itself failed) and the response or error text. */
    public record Outcome(int code, String detail) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final KubernetesClient client;
    private final URI apiRoot;
    private final Semaphore inFlight;

    public Binder(KubernetesClient client, int maxInFlight) {
        this.client = client;
        String master = client.getMasterUrl().toString();
        this.apiRoot = URI.create(master.endsWith("/") ? master : master + "/");
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Sends the binding; blocks only while {@code maxInFlight} bindings are already under way. */
    public CompletableFuture<Outcome> bind(Pod pod, String node) throws InterruptedException {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("uid", pod.getMetadata().getUid());
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("apiVersion", "v1");
        binding.put("kind", "Binding");
        binding.put("metadata", metadata);
        binding.put("target", Map.of("apiVersion", "v1", "kind", "Node", "name", node));
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(apiRoot.resolve("api/v1/namespaces/" + namespace + "/pods/" + name + "/binding"))
                .post("application/json", client.getKubernetesSerialization().asJson(binding))
                .build();
        inFlight.acquire();
        return client.getHttpClient().sendAsync(request, String.class)
                .handle((HttpResponse<String> response, Throwable error) -> {
                    inFlight.release();
                    if (error != null) {
                        return new Outcome(0, error.toString());
                    }
                    return new Outcome(response.code(), response.body());
                });
    }

    /** Waits until no binding is in flight, or {@code millis} passed. */
    public void drain(int maxInFlight, long millis) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            inFlight.release(maxInFlight);
        }
    }
}
