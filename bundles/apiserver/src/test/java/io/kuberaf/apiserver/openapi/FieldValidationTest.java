package io.kuberaf.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.BuiltinResources;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.Json;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldValidationTest {

    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"any":"label"}},
             "spec":{"replicas":2,"foo":1,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[{"name":"web","image":"nginx","imagePullPolice":"Always",
                 "resources":{"limits":{"cpu":"1"}},"ports":[{"containerPort":80}]}]}}}}""";

    private final FieldValidation validation = new FieldValidation(new KindSchemas());
    private final ResourceType deployments = BuiltinResources.all().stream()
            .filter(t -> t.plural().equals("deployments")).findFirst().orElseThrow();

    private static ApiRequest request(String mode, String body) {
        Fields query = new Fields();
        if (mode != null) {
            query.add("fieldValidation", mode);
        }
        return new ApiRequest("POST", "/apis/apps/v1/namespaces/default/deployments", query, null, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void strictRejectsUnknownFieldsWithKubectlsText() {
        ApiException e = assertThrows(ApiException.class,
                () -> validation.body(deployments, request("Strict", DEPLOYMENT), new ArrayList<>()));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.reason());
        assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
                + "unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"",
                e.getMessage());
    }

    @Test
    void warnReportsAndDropsUnknownFields() {
        List<String> warnings = new ArrayList<>();
        ObjectNode body = validation.body(deployments, request("Warn", DEPLOYMENT), warnings);
        assertEquals(List.of("unknown field \"spec.foo\"", "unknown field \"spec.template.spec.containers[0].imagePullPolice\""),
                warnings);
        assertFalse(body.path("spec").has("foo"));
        assertEquals("nginx", body.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("label", body.at("/metadata/labels/any").asText(), "map keys are free");
    }

    @Test
    void ignoreDropsSilentlyAndWarnIsTheDefault() {
        List<String> warnings = new ArrayList<>();
        ObjectNode body = validation.body(deployments, request("Ignore", DEPLOYMENT), warnings);
        assertTrue(warnings.isEmpty());
        assertFalse(body.path("spec").has("foo"));
        validation.body(deployments, request(null, DEPLOYMENT), warnings);
        assertEquals(2, warnings.size());
        assertThrows(ApiException.class, () -> validation.body(deployments, request("strict", DEPLOYMENT), new ArrayList<>()));
    }

    @Test
    void duplicateFields() {
        String body = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"a\",\"name\":\"b\"},"
                + "\"spec\":{\"replicas\":1,\"replicas\":2}}";
        ApiException e = assertThrows(ApiException.class,
                () -> validation.body(deployments, request("Strict", body), new ArrayList<>()));
        assertTrue(e.getMessage().contains("duplicate field \"metadata.name\", duplicate field \"spec.replicas\""),
                e.getMessage());
        List<String> warnings = new ArrayList<>();
        ObjectNode decoded = validation.body(deployments, request("Warn", body), warnings);
        assertEquals(2, decoded.at("/spec/replicas").asInt(), "the last one wins");
        assertEquals(2, warnings.size());
    }

    @Test
    void yamlBodies() {
        ApiRequest yaml = new ApiRequest("POST", "/", new Fields(), null, "application/yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: y\nspec:\n  bar: true\n".getBytes());
        ApiException e = assertThrows(ApiException.class, () -> validation.body(deployments,
                new ApiRequest(yaml.method(), yaml.path(), strict(), null, yaml.contentType(), yaml.body()), new ArrayList<>()));
        assertTrue(e.getMessage().endsWith("unknown field \"spec.bar\""), e.getMessage());
    }

    @Test
    void patchesAreJudgedOnTheFieldsTheyAdd() {
        ObjectNode before = Json.parseObject(DEPLOYMENT.getBytes());
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("spec")).put("replicas", 3);
        List<String> problems = new ArrayList<>();
        validation.check(deployments, before, after, problems);
        assertTrue(problems.isEmpty(), "unknown fields already stored are not the patch's doing: " + problems);
        ((ObjectNode) after.get("spec")).put("bar", 3);
        validation.check(deployments, before, after, problems);
        assertEquals(List.of("unknown field \"spec.bar\""), problems);
    }

    private static Fields strict() {
        Fields fields = new Fields();
        fields.add("fieldValidation", "Strict");
        return fields;
    }
}
