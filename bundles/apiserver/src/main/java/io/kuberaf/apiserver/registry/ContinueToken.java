package io.kuberaf.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque {@code continue} of a paged list: the revision of the first page and the last key sent. */
record ContinueToken(long revision, String lastKey) {

    String encode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("rv", revision);
        node.put("start", lastKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(node));
    }

    static ContinueToken decode(String token) {
        try {
            JsonNode node = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (!node.path("rv").canConvertToLong() || !node.path("start").isTextual() || node.get("rv").asLong() <= 0) {
                throw new IllegalArgumentException("fields missing");
            }
            return new ContinueToken(node.get("rv").asLong(), node.get("start").asText());
        } catch (Exception e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
