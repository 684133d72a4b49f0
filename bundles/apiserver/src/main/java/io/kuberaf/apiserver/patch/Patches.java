package io.kuberaf.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiRequest;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.http.Reply;
import io.kuberaf.apiserver.http.ResourceHandler;

import io.kuberaf.apiserver.openapi.PatchMeta;
import io.kuberaf.apiserver.registry.ObjectRegistry;

import java.io.IOException;
import java.time.Clock;

/** PATCH by content type: JSON patch, JSON merge patch, strategic merge patch; server-side apply. */
public class Patches {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE = "application/merge-patch+json";
    public static final String STRATEGIC = "application/strategic-merge-patch+json";
    public static final String APPLY = "application/apply-patch+yaml";

    /** The object after the patch; it still carries the current resourceVersion unless the patch changed it. */
    public ObjectNode patch(ResourceType type, ObjectNode current, String contentType, byte[] body) {
        String base = Json.mediaType(contentType);
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

    /**
     * Records in {@code after}'s managedFields that the request's manager (operation Update) set the
     * fields it added or changed relative to {@code before} (null for a create); they leave the other
     * managers' sets. {@code subresource} is "status", "scale" or null for the object itself.
     */
    public void recordUpdate(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request, String subresource) {
        boolean statusSubresource = type.subresource("status") != null;
        String scope = "status".equals(subresource) ? "f:status" : null;
        String ignored = scope == null && statusSubresource ? "f:status" : null;
        FieldOwnership.recordUpdate(before, after, meta(type), manager(request), type.apiVersion(), subresource,
                ObjectRegistry.timestamp(clock().instant()), scope, ignored);
    }

    /**
     * The manager of a request: its fieldManager parameter, else as Kubernetes derives it from the
     * User-Agent (what comes before the first '/', "kubectl" for "kubectl/v1.32.4 (linux/amd64) ..."),
     * else "unknown".
     */
    public static String manager(ApiRequest request) {
        String manager = request.param("fieldManager");
        if (manager != null && !manager.isEmpty()) {
            if (manager.length() > 128) {
                throw ApiException.badRequest("fieldManager: Too long: may not be longer than 128");
            }
            return manager;
        }
        String agent = request.userAgent();
        if (agent == null || agent.isBlank()) {
            return "unknown";
        }
        String prefix = agent.split("/", 2)[0].trim();
        prefix = prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
        return prefix.isEmpty() ? "unknown" : prefix;
    }

    /** The schema of the kind's objects for field sets; subclasses with kind metadata override it. */
    protected PatchMeta meta(ResourceType type) {
        return PatchMeta.UNKNOWN;
    }

    protected Clock clock() {
        return Clock.systemUTC();
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
