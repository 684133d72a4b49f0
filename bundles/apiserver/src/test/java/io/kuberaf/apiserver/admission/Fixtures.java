package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.BuiltinResources;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Objects as ObjectRegistry hands them to admission, and assertions on the 422s that come back. */
final class Fixtures {

    static final ResourceRegistry RESOURCES = new ResourceRegistry(BuiltinResources.all());
    private static final ObjectMapper LENIENT = Json.MAPPER.copy().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

    private Fixtures() {
    }

    static ResourceType type(String apiVersion, String kind) {
        return RESOURCES.findKind(apiVersion, kind).orElseThrow();
    }

    /** JSON with single quotes; metadata gets a namespace (for namespaced kinds), uid and creationTimestamp. */
    static ObjectNode object(ResourceType type, String json) {
        try {
            ObjectNode object = (ObjectNode) LENIENT.readTree(json);
            object.put("apiVersion", type.apiVersion());
            object.put("kind", type.kind());
            ObjectNode meta = Json.object(object, "metadata");
            if (type.namespaced() && !meta.has("namespace")) {
                meta.put("namespace", "default");
            }
            meta.put("uid", UUID.randomUUID().toString());
            meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
            return object;
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static ObjectNode created(Admission admission, ResourceType type, String json) {
        ObjectNode object = object(type, json);
        admission.admitCreate(type, object);
        admission.written(type, object, null);
        return object;
    }

    static ObjectNode updated(Admission admission, ResourceType type, ObjectNode old, ObjectNode desired) {
        admission.admitUpdate(type, desired, old);
        admission.written(type, desired, old);
        return desired;
    }

    static ApiException rejected(Executable executable) {
        ApiException e = assertThrows(ApiException.class, executable);
        assertEquals(422, e.code(), e.getMessage());
        return e;
    }

    static ApiException rejectedCreate(Admission admission, ResourceType type, String json) {
        return rejected(() -> admission.admitCreate(type, object(type, json)));
    }

    /** The one cause of a 422, as "field: message". */
    static void assertOnlyCause(ApiException e, String expected) {
        List<String> causes = causes(e);
        assertEquals(List.of(expected), causes, e.getMessage());
    }

    static void assertCause(ApiException e, String expected) {
        List<String> causes = causes(e);
        if (!causes.contains(expected)) {
            fail("expected cause <" + expected + "> among " + causes);
        }
    }

    static List<String> causes(ApiException e) {
        return java.util.stream.StreamSupport.stream(e.toStatus().path("details").path("causes").spliterator(), false)
                .map(c -> c.path("field").asText() + ": " + c.path("message").asText()).toList();
    }

    static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
            + "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex "
            + "used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
}
