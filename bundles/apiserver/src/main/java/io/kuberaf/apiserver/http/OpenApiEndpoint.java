package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Serves {@code /openapi/v3} (the index) and {@code /openapi/v3/<path>} (one group version's document). */
public interface OpenApiEndpoint {

    /** The document at {@code path}, or null when there is none (404). */
    JsonNode document(String path);

    /** {@code /openapi/v2} in protobuf (the only form kubectl reads), or null when not served. */
    default byte[] v2Protobuf() {
        return null;
    }

    /** Field validation against the same schemas. */
    default FieldValidator validator() {
        return FieldValidator.NONE;
    }
}
