package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kuberaf.apiserver.ApiServer;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CustomResourceDefinitions and published kinds against a real apiserver, through fabric8 and plain HTTP. */
class CustomResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ResourceDefinitionContext HELLOS = new ResourceDefinitionContext.Builder().withGroup("example.com")
            .withVersion("v1").withKind("Hello").withPlural("hellos").withNamespaced(true).build();

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(0, 48100);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build()).build();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(resource("/crd/hellos.yaml")).create();
        assertEquals(List.of("customresourcecleanup.apiextensions.k8s.io"), crd.getMetadata().getFinalizers());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        cluster.close();
    }

    private static InputStream resource(String path) {
        return CustomResourcesTest.class.getResourceAsStream(path);
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> hellos() {
        return client.genericKubernetesResources(HELLOS).inNamespace("default");
    }

    private static GenericKubernetesResource hello(String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Hello")
                .withNewMetadata().withName(name).withLabels(Map.of("app", name)).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }

    @Test
    void createdDefinitionIsEstablishedAndDiscovered() throws Exception {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName("hellos.example.com").get();
        assertEquals("True", crd.getStatus().getConditions().stream().filter(c -> c.getType().equals("Established"))
                .findFirst().orElseThrow().getStatus());
        assertEquals("Hello", crd.getStatus().getAcceptedNames().getKind());
        assertEquals(List.of("v1"), crd.getStatus().getStoredVersions());

        JsonNode group = get("/apis/example.com");
        assertEquals("example.com/v1", group.path("preferredVersion").path("groupVersion").asText());
        JsonNode resources = get("/apis/example.com/v1").path("resources");
        JsonNode hellos = find(resources, "hellos");
        assertEquals("Hello", hellos.path("kind").asText());
        assertEquals("hello", hellos.path("singularName").asText());
        assertEquals("[\"hel\"]", hellos.path("shortNames").toString());
        assertEquals("[\"all\"]", hellos.path("categories").toString());
        assertTrue(hellos.path("namespaced").asBoolean());
        assertEquals("Scale", find(resources, "hellos/scale").path("kind").asText());
        assertEquals("Hello", find(resources, "hellos/status").path("kind").asText());
        assertTrue(get("/apis").toString().contains("example.com/v1"));
        assertNotNull(find(get("/apis/apiextensions.k8s.io/v1").path("resources"), "customresourcedefinitions"));
    }

    @Test
    void openApiDocumentComesFromTheSchema() throws Exception {
        String url = get("/openapi/v3").path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
        assertFalse(url.isEmpty());
        JsonNode document = get(url);
        JsonNode schema = document.path("components").path("schemas").path("com.example.v1.Hello");
        assertEquals("integer", schema.path("properties").path("spec").path("properties").path("replicas").path("type").asText());
        assertEquals("Hello", schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());
        JsonNode patch = document.path("paths").path("/apis/example.com/v1/namespaces/{namespace}/hellos/{name}").path("patch");
        assertTrue(patch.path("parameters").toString().contains("fieldValidation"));
        assertTrue(patch.path("requestBody").path("content").has("application/merge-patch+json"));
        assertFalse(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
    }

    @Test
    void crudWithDefaultsPruningSelectorsAndMergePatch() throws Exception {
        GenericKubernetesResource created = hellos().resource(hello("crud", Map.of("message", "hi", "unknown", "x",
                "extra", Map.of("anything", 1)))).create();
        Map<String, Object> spec = spec(created);
        assertEquals(1, spec.get("replicas"));
        assertEquals("green", spec.get("color"));
        assertFalse(spec.containsKey("unknown"));
        assertEquals(Map.of("anything", 1), spec.get("extra"));
        assertEquals(1L, created.getMetadata().getGeneration());

        hellos().resource(hello("other", Map.of("message", "other"))).create();
        assertEquals(List.of("crud"), names(hellos().withLabel("app", "crud").list().getItems()));
        assertEquals(List.of("other"), names(hellos().withField("metadata.name", "other").list().getItems()));

        GenericKubernetesResource patched = hellos().withName("crud").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"color\":\"blue\"}}");
        assertEquals("blue", spec(patched).get("color"));
        assertEquals(2L, patched.getMetadata().getGeneration());

        hellos().withName("other").delete();
        waitFor(() -> hellos().withName("other").get() == null);
    }

    @Test
    void invalidObjectsAreRejectedAsKubernetesDoes() throws Exception {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> hellos().resource(hello("bad", Map.of("message", "hi", "replicas", "string"))).create());
        assertEquals(422, e.getCode());
        assertEquals("Hello.example.com \"bad\" is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in body "
                + "must be of type integer: \"string\"", e.getStatus().getMessage());
        assertEquals("spec.replicas", e.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals("Hello", e.getStatus().getDetails().getKind());

        List<String> fields = new ArrayList<>();
        e = assertThrows(KubernetesClientException.class, () -> hellos().resource(hello("bad", Map.of("replicas", 11,
                "color", "pink", "code", "ABC", "tags", List.of("a", "b", "c")))).create());
        e.getStatus().getDetails().getCauses().forEach(c -> fields.add(c.getField() + " " + c.getReason()));
        assertTrue(fields.containsAll(List.of("spec.message FieldValueRequired", "spec.replicas FieldValueInvalid",
                "spec.color FieldValueNotSupported", "spec.code FieldValueInvalid", "spec.tags FieldValueTooMany")), fields::toString);
        assertTrue(e.getStatus().getMessage().contains("spec.color: Unsupported value: \"pink\": supported values: "
                + "\"red\", \"green\", \"blue\""), e.getStatus().getMessage());
        assertTrue(e.getStatus().getMessage().contains("spec.replicas: Invalid value: 11: spec.replicas in body should be "
                + "less than or equal to 10"), e.getStatus().getMessage());

        hellos().resource(hello("port", Map.of("message", "hi", "port", "http"))).create();
        hellos().withName("port").delete();
    }

    @Test
    void statusAndScaleSubresources() throws Exception {
        hellos().resource(hello("scaled", Map.of("message", "hi", "replicas", 2))).create();
        GenericKubernetesResource withStatus = hellos().withName("scaled").get();
        withStatus.setAdditionalProperty("status", Map.of("replicas", 2, "selector", "app=scaled",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        GenericKubernetesResource updated = hellos().resource(withStatus).update();
        assertEquals(null, updated.getAdditionalProperties().get("status"), "the main resource ignores status");

        GenericKubernetesResource statusWritten = hellos().resource(withStatus).updateStatus();
        assertEquals(2, ((Map<?, ?>) statusWritten.getAdditionalProperties().get("status")).get("replicas"));
        assertEquals(1L, statusWritten.getMetadata().getGeneration(), "a status change keeps the generation");

        send("PATCH", "/apis/example.com/v1/namespaces/default/hellos/scaled/scale", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":5}}");
        JsonNode scale = get("/apis/example.com/v1/namespaces/default/hellos/scaled/scale");
        assertEquals(5, scale.path("spec").path("replicas").asInt());
        assertEquals(2, scale.path("status").path("replicas").asInt());
        assertEquals("app=scaled", scale.path("status").path("selector").asText());
        GenericKubernetesResource scaled = hellos().withName("scaled").get();
        assertEquals(5, spec(scaled).get("replicas"));
        assertEquals(2L, scaled.getMetadata().getGeneration());

        JsonNode table = send("GET", "/apis/example.com/v1/namespaces/default/hellos?fieldSelector=metadata.name%3Dscaled", null,
                null, "application/json;as=Table;v=v1;g=meta.k8s.io");
        List<String> columns = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText() + "/" + c.path("priority").asInt()));
        assertEquals(List.of("Name/0", "Replicas/0", "Color/0", "Ready/1", "Age/0"), columns);
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertEquals("scaled", cells.get(0).asText());
        assertEquals(5, cells.get(1).asInt());
        assertEquals("green", cells.get(2).asText());
        assertEquals("True", cells.get(3).asText());
        assertTrue(cells.get(4).asText().matches("\\d+s"), cells.toString());
    }

    @Test
    void versionsShareStorageAndOnlyServedOnesAreServed() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().load(resource("/crd/widgets.yaml")).create();
        send("POST", "/apis/example.com/v1beta1/widgets", "application/json",
                "{\"apiVersion\":\"example.com/v1beta1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"size\":3}");
        JsonNode asV1 = get("/apis/example.com/v1/widgets/w");
        assertEquals("example.com/v1", asV1.path("apiVersion").asText());
        assertEquals(3, asV1.path("size").asInt());
        assertEquals("example.com/v1beta1", get("/apis/example.com/v1beta1/widgets").path("items").get(0).path("apiVersion").asText());
        assertEquals(404, status("/apis/example.com/v1alpha1/widgets"));
        assertEquals("example.com/v1", get("/apis/example.com").path("preferredVersion").path("groupVersion").asText());
    }

    @Test
    void invalidDefinitionsAreRejectedNamingTheField() throws Exception {
        ObjectNode crd = (ObjectNode) YAML.readTree(resource("/crd/gadgets.acme.io.yaml"));
        ((ObjectNode) crd.path("spec").path("names")).put("plural", "Gadgets");
        JsonNode status = send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json",
                crd.toString());
        assertEquals(422, status.path("code").asInt());
        assertTrue(status.path("message").asText().startsWith("CustomResourceDefinition.apiextensions.k8s.io \"gadgets.acme.io\" "
                + "is invalid: ["), status.toString());
        List<String> fields = new ArrayList<>();
        status.path("details").path("causes").forEach(c -> fields.add(c.path("field").asText()));
        assertTrue(fields.containsAll(List.of("spec.names.plural", "metadata.name")), fields::toString);

        ObjectNode twoStorage = (ObjectNode) YAML.readTree(resource("/crd/widgets.yaml"));
        ((ObjectNode) twoStorage.path("metadata")).put("name", "things.example.com");
        ((ObjectNode) twoStorage.path("spec").path("names")).put("plural", "things").put("kind", "Thing");
        ((ObjectNode) twoStorage.path("spec").path("versions").get(0)).put("storage", true);
        status = send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json", twoStorage.toString());
        assertTrue(status.path("message").asText().contains("must have exactly one version marked as storage version"),
                status.toString());
    }

    @Test
    void deletingTheDefinitionDeletesItsObjects() throws Exception {
        var crds = client.apiextensions().v1().customResourceDefinitions();
        crds.load(resource("/crd/gadgets.acme.io.yaml")).create();
        ResourceDefinitionContext gadgets = new ResourceDefinitionContext.Builder().withGroup("acme.io").withVersion("v1")
                .withKind("Gadget").withPlural("gadgets").withNamespaced(true).build();
        client.genericKubernetesResources(gadgets).inNamespace("default").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("acme.io/v1").withKind("Gadget").withNewMetadata().withName("g").endMetadata().build()).create();
        crds.withName("gadgets.acme.io").delete();
        waitFor(() -> crds.withName("gadgets.acme.io").get() == null);
        assertEquals(404, status("/apis/acme.io/v1"));
        assertTrue(cluster.store().get("/registry/acme.io/gadgets/default/g").isEmpty(), "the objects are deleted");
    }

    @Test
    void storedDefinitionsAreServedAgainAfterARestart() throws Exception {
        try (ApiServer restarted = ApiServer.create(cluster.store(), ApiServer.Settings.defaults(0))) {
            restarted.start();
            assertTrue(restarted.resources().find("example.com", "v1", "hellos").isPresent());
            CustomKind hellos = restarted.resources().custom(restarted.resources().find("example.com", "v1", "hellos")
                    .orElseThrow()).orElseThrow();
            assertEquals(List.of("Replicas", "Color", "Ready", "Age"), hellos.columns().stream()
                    .map(CustomKind.PrinterColumn::name).toList());
        }
    }

    @Test
    void unknownFieldsFailStrictRequests() throws Exception {
        JsonNode status = send("POST", "/apis/example.com/v1/namespaces/default/hellos?fieldValidation=Strict",
                "application/json", "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Hello\",\"metadata\":{\"name\":\"strict\"},"
                        + "\"spec\":{\"message\":\"hi\",\"bogus\":1}}");
        assertEquals(400, status.path("code").asInt());
        assertEquals("Hello in version \"v1\" cannot be handled as a Hello: strict decoding error: unknown field \"spec.bogus\"",
                status.path("message").asText());
    }

    @Test
    void publishedKindsAreServedWhilePublished() throws Exception {
        CustomResources custom = cluster.server().customResources();
        ObjectNode definition = (ObjectNode) YAML.readTree(resource("/crd/gadgets.acme.io.yaml"));
        ((ObjectNode) definition.path("metadata")).put("name", "routes.acme.io");
        ((ObjectNode) definition.path("spec").path("names")).put("plural", "routes").put("kind", "Route");
        custom.publish("test bundle", List.of(definition));
        assertNotNull(find(get("/apis/acme.io/v1").path("resources"), "routes"));
        send("POST", "/apis/acme.io/v1/namespaces/default/routes", "application/json",
                "{\"apiVersion\":\"acme.io/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\"r\"},\"spec\":{\"size\":1}}");
        JsonNode invalid = send("POST", "/apis/acme.io/v1/namespaces/default/routes", "application/json",
                "{\"apiVersion\":\"acme.io/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\"r2\"},\"spec\":{\"size\":\"big\"}}");
        assertEquals(422, invalid.path("code").asInt());

        custom.withdraw("test bundle");
        assertEquals(404, status("/apis/acme.io/v1/namespaces/default/routes"));
        assertTrue(cluster.store().get("/registry/acme.io/routes/default/r").isPresent(), "withdrawn kinds keep their objects");
        custom.publish("test bundle", List.of(definition));
        assertEquals(1, get("/apis/acme.io/v1/namespaces/default/routes/r").path("spec").path("size").asInt());
        custom.withdraw("test bundle");

        ObjectNode builtin = definition.deepCopy();
        ((ObjectNode) builtin.path("metadata")).put("name", "deployments.apps");
        ((ObjectNode) builtin.path("spec")).put("group", "apps");
        ((ObjectNode) builtin.path("spec").path("names")).put("plural", "deployments").put("kind", "Deployment");
        custom.publish("conflicting bundle", List.of(builtin));
        assertEquals("Deployment", find(get("/apis/apps/v1").path("resources"), "deployments").path("kind").asText());
        assertTrue(cluster.server().resources().customKinds().stream().noneMatch(k -> k.type().group().equals("apps")));
        custom.withdraw("conflicting bundle");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    private static List<String> names(List<GenericKubernetesResource> items) {
        return items.stream().map(i -> i.getMetadata().getName()).toList();
    }

    private static JsonNode find(JsonNode resources, String name) {
        for (JsonNode resource : resources) {
            if (resource.path("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError(name + " not in " + resources);
    }

    private static JsonNode get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode send(String method, String path, String contentType, String body) throws Exception {
        return send(method, path, contentType, body, "application/json");
    }

    private static JsonNode send(String method, String path, String contentType, String body, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path)).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aDeleteRacingWithUpdatesIsRetriedNotRefused() throws Exception {
        // kube-apiserver retries a delete without preconditions when the object changed under it; a 409
        // here would make every controller that deletes while a status writer works fail now and then.
        for (int round = 0; round < 30; round++) {
            String name = "racing-" + round;
            client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName(name).endMetadata().addToData("n", "0").build()).create();
            java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int n = 1; !gone.get(); n++) {
                    try {
                        client.configMaps().inNamespace("default").withName(name).patch(
                                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                                "{\"data\":{\"n\":\"" + n + "\"}}");
                    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                        return; // 404 once deleted
                    }
                }
            });
            writer.start();
            Thread.sleep(5);
            try {
                client.configMaps().inNamespace("default").withName(name).delete();
            } finally {
                gone.set(true);
                writer.join(10_000);
            }
            assertEquals(null, client.configMaps().inNamespace("default").withName(name).get());
        }
    }
}
