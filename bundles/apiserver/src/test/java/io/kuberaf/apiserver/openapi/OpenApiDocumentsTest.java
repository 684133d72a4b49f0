package io.kuberaf.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.discovery.BuiltinResources;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiDocumentsTest {

    private static final String SCHEMAS = "#/components/schemas/";
    private final OpenApiDocuments documents = new OpenApiDocuments(new ResourceRegistry(BuiltinResources.all()));

    @Test
    void indexListsEveryGroupVersionWithAHash() {
        JsonNode index = documents.document("/openapi/v3");
        String url = index.path("paths").path("api/v1").path("serverRelativeURL").asText();
        assertTrue(url.startsWith("/openapi/v3/api/v1?hash="), url);
        assertTrue(index.path("paths").has("apis/apps/v1"));
        assertTrue(index.path("paths").has("apis/rbac.authorization.k8s.io/v1"));
        assertNull(documents.document("/openapi/v3/apis/nothing/v1"));
    }

    @Test
    void podSchemaHasKubernetesNamesExtensionsAndRequiredFields() {
        JsonNode schemas = documents.document("/openapi/v3/api/v1").path("components").path("schemas");
        JsonNode pod = schemas.path("io.k8s.api.core.v1.Pod");
        JsonNode gvk = pod.path("x-kubernetes-group-version-kind").get(0);
        assertEquals("", gvk.path("group").asText());
        assertEquals("v1", gvk.path("version").asText());
        assertEquals("Pod", gvk.path("kind").asText());
        assertEquals(SCHEMAS + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                pod.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText());
        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertEquals("array", containers.path("type").asText());
        assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
        assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
        assertEquals("map", containers.path("x-kubernetes-list-type").asText());
        assertEquals(SCHEMAS + "io.k8s.api.core.v1.Container", containers.path("items").path("$ref").asText());
        assertEquals("merge,retainKeys", schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("volumes")
                .path("x-kubernetes-patch-strategy").asText());
        assertTrue(contains(schemas.path("io.k8s.api.core.v1.PodSpec").path("required"), "containers"));
        assertTrue(contains(schemas.path("io.k8s.api.core.v1.Container").path("required"), "name"));
        assertEquals("containerPort", schemas.path("io.k8s.api.core.v1.Container").path("properties").path("ports")
                .path("x-kubernetes-patch-merge-key").asText());
        assertEquals("int-or-string", schemas.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asText());
        assertEquals("string", schemas.path("io.k8s.apimachinery.pkg.api.resource.Quantity").path("type").asText());
        assertTrue(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"));
        assertTrue(schemas.has("io.k8s.api.autoscaling.v1.Scale"), "the scale subresource's kind");
        assertTrue(schemas.has("io.k8s.api.core.v1.PodList"));
        assertNotNull(pod.path("description").textValue());
        // every reference resolves
        List<String> refs = new ArrayList<>();
        collectRefs(documents.document("/openapi/v3/api/v1"), refs);
        for (String ref : refs) {
            assertTrue(schemas.has(ref.substring(SCHEMAS.length())), ref);
        }
    }

    @Test
    void patchOperationsDeclareFieldValidationAndTheirKind() {
        JsonNode paths = documents.document("/openapi/v3/apis/apps/v1").path("paths");
        JsonNode patch = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
        assertEquals("Deployment", patch.path("x-kubernetes-group-version-kind").path("kind").asText());
        assertEquals("apps", patch.path("x-kubernetes-group-version-kind").path("group").asText());
        boolean fieldValidation = false;
        for (JsonNode parameter : patch.path("parameters")) {
            fieldValidation |= parameter.path("name").asText().equals("fieldValidation");
        }
        assertTrue(fieldValidation);
        assertTrue(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
        assertTrue(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"));
        assertEquals("retainKeys", documents.document("/openapi/v3/apis/apps/v1").path("components").path("schemas")
                .path("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("strategy")
                .path("x-kubernetes-patch-strategy").asText());
        JsonNode list = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments").path("get");
        assertEquals("list", list.path("x-kubernetes-action").asText());
    }

    @Test
    void documentsAreCached() {
        assertTrue(documents.document("/openapi/v3/api/v1") == documents.document("/openapi/v3/api/v1/"));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
