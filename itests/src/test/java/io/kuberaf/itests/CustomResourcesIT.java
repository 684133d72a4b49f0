package io.kuberaf.itests;

import io.kuberaf.api.extension.KindProvider;
import org.apache.karaf.features.BootFinished;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import javax.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Custom kinds in the booted distribution: a CustomResourceDefinition created through the API, and
 * a KindProvider service registered by a bundle (here the test's own).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomResourcesIT {

    private static final String API = "http://127.0.0.1:" + KuberafDistribution.API_PORT;
    private static final String CRD = "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
            + "\"metadata\":{\"name\":\"%1$ss.%2$s\"},\"spec\":{\"group\":\"%2$s\",\"scope\":\"Namespaced\",\"names\":{\"plural\":"
            + "\"%1$ss\",\"kind\":\"%3$s\"},\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":"
            + "{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":"
            + "{\"size\":{\"type\":\"integer\"}}}}}}}]}}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options();
    }

    @Test
    public void definitionServesItsKindUntilDeleted() throws Exception {
        awaitApi();
        assertEquals(201, send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                String.format(CRD, "tea", "example.com", "Tea")).statusCode());
        String tea = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Tea\",\"metadata\":{\"name\":\"green\"},\"spec\":{\"size\":%s}}";
        String teas = "/apis/example.com/v1/namespaces/default/teas";
        assertEquals(201, send("POST", teas, String.format(tea, "2")).statusCode());
        HttpResponse<String> invalid = send("POST", teas, String.format(tea, "\"big\"").replace("green", "black"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body(), invalid.body().contains("spec.size in body must be of type integer"));
        assertEquals(200, send("PATCH", teas + "/green", "{\"spec\":{\"size\":3}}").statusCode());
        assertTrue(send("GET", teas + "/green", null).body().contains("\"size\":3"));

        int deleted = send("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/teas.example.com", null).statusCode();
        assertTrue("DELETE answered " + deleted, deleted == 200 || deleted == 202); // 202 while the cleanup finalizer runs
        Await.until(Duration.ofSeconds(30), () -> status("/apis/example.com/v1") == 404 ? null : "example.com/v1 still served");
        assertEquals(404, status("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/teas.example.com"));
    }

    @Test
    public void publishedKindsAreServedWhileTheServiceIsRegistered() throws Exception {
        awaitApi();
        Path definition = Files.createTempFile("coffees", ".json");
        Files.writeString(definition, String.format(CRD, "coffee", "acme.io", "Coffee"));
        ServiceRegistration<KindProvider> registration = context.registerService(KindProvider.class,
                () -> List.of(url(definition)), null);
        String coffees = "/apis/acme.io/v1/namespaces/default/coffees";
        try {
            Await.until(Duration.ofSeconds(30), () -> status("/apis/acme.io/v1") == 200 ? null : "acme.io/v1 not served");
            assertTrue(send("GET", "/apis/acme.io/v1", null).body().contains("\"kind\":\"Coffee\""));
            assertEquals(201, send("POST", coffees, "{\"apiVersion\":\"acme.io/v1\",\"kind\":\"Coffee\",\"metadata\":"
                    + "{\"name\":\"espresso\"},\"spec\":{\"size\":1}}").statusCode());
        } finally {
            registration.unregister();
        }
        Await.until(Duration.ofSeconds(30), () -> status("/apis/acme.io/v1") == 404 ? null : "acme.io/v1 still served");
        registration = context.registerService(KindProvider.class, () -> List.of(url(definition)), null);
        try {
            Await.until(Duration.ofSeconds(30), () -> status(coffees + "/espresso") == 200 ? null
                    : "the stored coffee is not back with its kind");
        } finally {
            registration.unregister();
        }
    }

    private static java.net.URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void awaitApi() throws Exception {
        Await.until(Duration.ofSeconds(120), () -> status("/apis") == 200 ? null : "apiserver not answering");
    }

    private int status(String path) {
        try {
            return send("GET", path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
