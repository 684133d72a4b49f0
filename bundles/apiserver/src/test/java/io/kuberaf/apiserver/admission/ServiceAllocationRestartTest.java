package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.ApiServer;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.store.ignite.IgniteResourceStore;
import io.kuberaf.store.ignite.StoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Allocations through the real apiserver and store: dry runs and lost creates give back what
 * they took, deletes release, and a restarted apiserver rebuilds the maps from the stored services.
 */
class ServiceAllocationRestartTest {

    private static final int IGNITE_PORT_BASE = 48940;
    private static IgniteResourceStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStore() {
        StoreOptions options = new StoreOptions();
        options.instanceName = "admission-test-" + IGNITE_PORT_BASE;
        options.persistenceEnabled = false;
        options.discoveryPort = IGNITE_PORT_BASE;
        options.discoveryAddresses = "127.0.0.1:" + IGNITE_PORT_BASE + ".." + (IGNITE_PORT_BASE + 9);
        options.communicationPort = IGNITE_PORT_BASE - 400;
        options.dataRegionSizeMb = 128;
        store = IgniteResourceStore.start(options);
    }

    @AfterAll
    static void stopStore() throws Exception {
        store.close();
    }

    private static final String MYWEB = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\"},"
            + "\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"%s\",\"ports\":[{\"port\":8080,\"nodePort\":30001}]}}";

    @Test
    void allocationsFollowTheStoreAndSurviveRestart() throws Exception {
        try (ApiServer first = ApiServer.create(store, ApiServer.Settings.defaults(0))) {
            first.start();
            // a dry run takes nothing
            assertEquals(201, post(first, "/api/v1/namespaces/default/services?dryRun=All", MYWEB.formatted("dry", "10.96.5.5")).statusCode());
            assertEquals(201, post(first, "/api/v1/namespaces/default/services", MYWEB.formatted("myweb", "10.96.5.5")).statusCode());
            // a create that loses on the name gives back the IP and port it was given
            HttpResponse<String> taken = post(first, "/api/v1/namespaces/default/services",
                    MYWEB.formatted("myweb", "10.96.5.6").replace("30001", "30002"));
            assertEquals(409, taken.statusCode());
            assertEquals(201, post(first, "/api/v1/namespaces/default/services",
                    MYWEB.formatted("second", "10.96.5.6").replace("30001", "30002")).statusCode());
        }
        try (ApiServer restarted = ApiServer.create(store, ApiServer.Settings.defaults(0))) {
            restarted.start();
            HttpResponse<String> rejected = post(restarted, "/api/v1/namespaces/default/services", MYWEB.formatted("other", ""));
            assertEquals(422, rejected.statusCode());
            assertEquals("Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated",
                    Json.MAPPER.readTree(rejected.body()).path("message").asText());
            HttpResponse<String> ipTaken = post(restarted, "/api/v1/namespaces/default/services",
                    MYWEB.formatted("other", "10.96.5.5").replace("30001", "30003"));
            assertEquals(422, ipTaken.statusCode(), ipTaken.body());
            assertEquals("spec.clusterIPs", Json.MAPPER.readTree(ipTaken.body()).path("details").path("causes").get(0).path("field").asText());
            assertEquals(200, send(restarted, HttpRequest.newBuilder(URI.create(restarted.url()
                    + "/api/v1/namespaces/default/services/myweb")).DELETE()).statusCode());
            HttpResponse<String> created = post(restarted, "/api/v1/namespaces/default/services", MYWEB.formatted("other", "10.96.5.5"));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode spec = Json.MAPPER.readTree(created.body()).path("spec");
            assertEquals(30001, spec.path("ports").get(0).path("nodePort").asInt());
            assertEquals("10.96.5.5", spec.path("clusterIP").asText());
        }
    }

    private HttpResponse<String> post(ApiServer server, String path, String body) throws Exception {
        return send(server, HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(ApiServer server, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
