package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Serves {@code /openapi/v3} (the index) and {@code /openapi/v3/<path>} (one group version's document). */
public interface OpenApiEndpoint {

    /** The document at {@code path}, or null when there is none (404). */
    JsonNode document(String path);

    /** Field validation against the same schemas. */
    default FieldValidator validator() {
        return FieldValidator.NONE;
    }
}
