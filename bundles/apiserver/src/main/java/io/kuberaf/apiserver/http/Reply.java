package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A complete (non-streaming) response: HTTP code, JSON body and {@code Warning} headers. */
public record Reply(int code, JsonNode body, List<String> warnings) {

    public Reply(int code, JsonNode body) {
        this(code, body, List.of());
    }

    public static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    public static Reply created(JsonNode body) {
        return new Reply(201, body);
    }

    public Reply withWarnings(List<String> more) {
        return more.isEmpty() ? this : new Reply(code, body, List.copyOf(more));
    }
}
