package io.kuberaf.controller.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pod-template-hash of a Deployment's template: 32-bit FNV-1a over the template's canonical JSON
 * (map keys sorted, so it is the same across restarts and members) and the collision count, written
 * with Kubernetes' alphabet without vowels (rand.SafeEncodeString): names like {@code nginx-7c5ddbdf54}.
 */
final class TemplateHash {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private TemplateHash() {
    }

    static String of(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        for (byte b : canonicalJson(template)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        if (collisionCount != null) {
            for (int shift = 0; shift < 32; shift += 8) {
                hash = (hash ^ ((collisionCount >>> shift) & 0xff)) * 0x01000193;
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    private static byte[] canonicalJson(PodTemplateSpec template) {
        try {
            Map<?, ?> tree = CANONICAL.readValue(CANONICAL.writeValueAsString(template), Map.class);
            return CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pod template that cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static String safeEncode(String digits) {
        StringBuilder encoded = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            encoded.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        }
        return encoded.toString();
    }
}
