package io.kuberaf.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;

/**
 * What a delete asks for (meta/v1 DeleteOptions, from the body or the query).
 *
 * @param gracePeriodSeconds null when not given
 * @param propagationPolicy  "Orphan", "Background", "Foreground" or null
 * @param preconditionUid    null when not given
 * @param preconditionResourceVersion null when not given
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion, boolean dryRun) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);

    public static DeleteOptions from(ObjectNode body, String queryGrace, String queryPolicy, boolean dryRun) {
        Long grace = queryGrace != null ? parseGrace(queryGrace) : null;
        String policy = queryPolicy;
        String uid = null;
        String rv = null;
        if (body != null) {
            if (body.hasNonNull("gracePeriodSeconds")) {
                grace = body.get("gracePeriodSeconds").asLong();
            }
            if (body.hasNonNull("propagationPolicy")) {
                policy = body.get("propagationPolicy").asText();
            } else if (body.has("orphanDependents") && body.get("orphanDependents").asBoolean()) {
                policy = "Orphan";
            }
            uid = Json.text(body.path("preconditions"), "uid");
            rv = Json.text(body.path("preconditions"), "resourceVersion");
            if (body.path("dryRun").isArray() && body.path("dryRun").toString().contains("All")) {
                dryRun = true;
            }
        }
        if (policy != null && !policy.equals("Orphan") && !policy.equals("Background") && !policy.equals("Foreground")) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        return new DeleteOptions(grace, policy, uid, rv, dryRun);
    }

    private static Long parseGrace(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("gracePeriodSeconds: invalid value \"" + text + "\"");
        }
    }
}
