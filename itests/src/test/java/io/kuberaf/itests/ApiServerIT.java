package io.kuberaf.itests;

import org.apache.karaf.features.BootFinished;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import javax.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;

/** The apiserver inside the distribution: serves the API, survives a hot swap of its bundle with objects kept. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiServerIT {

    private final HttpClient http = HttpClient.newHttpClient();

    /** Karaf has installed its boot features: until then it restarts any feature bundle a test stops. */
    @Inject
    private BootFinished bootFinished;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return KuberafDistribution.options();
    }

    @Test
    public void apiserverBundleIsHotSwappableAndObjectsStay() throws Exception {
        Await.until(Duration.ofSeconds(120), () -> serverUrl() == null ? "no kubeconfig yet" : null);
        String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kept\"},\"data\":{\"k\":\"v\"}}";
        assertEquals(201, send("POST", "/api/v1/namespaces/default/configmaps", configMap).statusCode());

        new HotSwap(new KuberafBundles(context, scr)).check("kuberaf-apiserver", () -> {
            String url = serverUrl();
            if (url == null) {
                return "no kubeconfig";
            }
            try {
                HttpResponse<String> response = send("GET", "/api/v1/namespaces/default/configmaps/kept", null);
                return response.statusCode() == 200 && response.body().contains("\"k\":\"v\"") ? null
                        : "GET configmap: " + response.statusCode() + " " + response.body();
            } catch (Exception e) {
                return "apiserver not answering: " + e;
            }
        });
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server URL in the kubeconfig the apiserver writes (it listens on an ephemeral port in tests). */
    private static String serverUrl() {
        try {
            Path kubeconfig = Path.of(System.getProperty("karaf.data"), "kubeconfig");
            if (!Files.exists(kubeconfig)) {
                return null;
            }
            Matcher m = Pattern.compile("server: (\\S+)").matcher(Files.readString(kubeconfig));
            return m.find() ? m.group(1) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
