package io.kuberaf.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Requests the fabric8 DSL cannot make: a DELETE with preconditions in its DeleteOptions. */
final class ApiCalls {

    private ApiCalls() {
    }

    /** DELETE {@code path} (relative to the API root) with {@code body}; returns the HTTP status, 0 if unreachable. */
    static int delete(KubernetesClient client, String path, String body) {
        String root = client.getMasterUrl().toString();
        String url = root.endsWith("/") ? root + path : root + "/" + path;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .method("DELETE", "application/json", body).build();
        try {
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
            return response.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }
}
