package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A complete (non-streaming) response: HTTP code and JSON body. */
public record Reply(int code, JsonNode body) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    public static Reply created(JsonNode body) {
        return new Reply(201, body);
    }
}
