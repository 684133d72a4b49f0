package io.kuberaf.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.apiserver.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Namespace deletion as kube-apiserver does it: DELETE marks the namespace Terminating and keeps it
 * (and its content) until its spec.finalizers are emptied through namespaces/{name}/finalize; creates
 * in a terminating namespace are refused.
 */
class NamespaceDeletionTest {

    private static final int IGNITE_PORT_BASE = 49115;
    private static TestCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, IGNITE_PORT_BASE);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void createAddsTheKubernetesFinalizerEvenBesideOthers() throws Exception {
        assertEquals(201, send("POST", "/api/v1/namespaces",
                "{\"metadata\":{\"name\":\"withother\"},\"spec\":{\"finalizers\":[\"example.com/x\"]}}").statusCode());
        assertEquals("[\"example.com/x\",\"kubernetes\"]",
                json(send("GET", "/api/v1/namespaces/withother", null)).path("spec").path("finalizers").toString());
    }

    @Test
    void deleteMarksTerminatingAndFinalizeRemovesTheNamespace() throws Exception {
        assertEquals(201, send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"doomed\"}}").statusCode());
        assertEquals(201, send("POST", "/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"kept\"}}").statusCode());

        HttpResponse<String> deleted = send("DELETE", "/api/v1/namespaces/doomed", null);
        // Kuberaf answers 202 for every deletion left pending (kube-apiserver: 200 for a namespace); kubectl accepts both
        assertEquals(202, deleted.statusCode());
        JsonNode marked = json(send("GET", "/api/v1/namespaces/doomed", null));
        assertEquals("Terminating", marked.path("status").path("phase").asText());
        assertTrue(marked.path("metadata").hasNonNull("deletionTimestamp"));
        assertEquals("[\"kubernetes\"]", marked.path("spec").path("finalizers").toString());
        assertEquals(200, send("GET", "/api/v1/namespaces/doomed/configmaps/kept", null).statusCode(),
                "the content stays for the namespace controller");

        HttpResponse<String> refused = send("POST", "/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"new\"}}");
        assertEquals(403, refused.statusCode());
        assertEquals("unable to create new content in namespace doomed because it is being terminated",
                json(refused).path("message").asText());

        // a plain update cannot drop the finalizer; only /finalize can
        String withoutFinalizers = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"doomed\"},"
                + "\"spec\":{\"finalizers\":[]}}";
        assertEquals(200, send("PUT", "/api/v1/namespaces/doomed", withoutFinalizers).statusCode());
        assertEquals("[\"kubernetes\"]",
                json(send("GET", "/api/v1/namespaces/doomed", null)).path("spec").path("finalizers").toString());

        assertEquals(200, send("PUT", "/api/v1/namespaces/doomed/finalize", withoutFinalizers).statusCode());
        assertEquals(404, send("GET", "/api/v1/namespaces/doomed", null).statusCode());
    }

    @Test
    void finalizeOfALiveNamespaceOnlyChangesItsFinalizers() throws Exception {
        assertEquals(201, send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"alive\"}}").statusCode());
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"alive\",\"labels\":{\"x\":\"y\"}},"
                + "\"spec\":{\"finalizers\":[]}}";
        assertEquals(200, send("PUT", "/api/v1/namespaces/alive/finalize", body).statusCode());
        JsonNode alive = json(send("GET", "/api/v1/namespaces/alive", null));
        assertTrue(alive.path("spec").path("finalizers").isEmpty());
        assertTrue(alive.path("metadata").path("labels").path("x").isMissingNode());
        assertEquals("Active", alive.path("status").path("phase").asText());

        // without the finalizer a delete removes it at once
        assertEquals(200, send("DELETE", "/api/v1/namespaces/alive", null).statusCode());
        assertEquals(404, send("GET", "/api/v1/namespaces/alive", null).statusCode());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parseObject(response.body().getBytes());
    }
}
