package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.http.Reply;
import io.kuberaf.apiserver.http.ResourceHandler;

import java.io.IOException;

/** PATCH by content type: JSON patch, JSON merge patch, strategic merge patch; server-side apply. */
public class Patches {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE = "application/merge-patch+json";
    public static final String STRATEGIC = "application/strategic-merge-patch+json";
    public static final String APPLY = "application/apply-patch+yaml";

    /** The object after the patch; it still carries the current resourceVersion unless the patch changed it. */
    public ObjectNode patch(ResourceType type, ObjectNode current, String contentType, byte[] body) {
        String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        JsonNode patch = parse(body);
        JsonNode result = switch (base) {
            case JSON_PATCH -> JsonPatch.apply(current, patch);
            case MERGE -> MergePatch.apply(current, requireObject(patch));
            case STRATEGIC -> strategic(type, current, requireObject(patch));
            default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: " + JSON_PATCH + ", " + MERGE + ", " + STRATEGIC + ", " + APPLY);
        };
        if (!result.isObject()) {
            throw ApiException.badRequest("the patch must leave an object");
        }
        return (ObjectNode) result;
    }

    /** Strategic merge patch for built-in kinds; subclasses with kind metadata override it. */
    protected JsonNode strategic(ResourceType type, ObjectNode current, ObjectNode patch) {
        throw new ApiException(415, "UnsupportedMediaType", "strategic merge patch is not supported for " + type.qualifiedName()
                + " yet; use --type=merge or --type=json");
    }

    /** Server-side apply; subclasses implement it. */
    public Reply apply(ResourceHandler handler, ResourceType type, String namespace, String name, ApiRequest request) {
        throw new ApiException(415, "UnsupportedMediaType", "server-side apply is not supported yet; use kubectl apply without --server-side");
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null) {
                throw ApiException.badRequest("the patch is empty");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request was in an unknown format: " + e.getMessage());
        }
    }

    private static ObjectNode requireObject(JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a merge patch must be a JSON object");
        }
        return (ObjectNode) patch;
    }
}
