package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

/** An error answered by the apiserver, shown as kubectl shows it: {@code Error from server (NotFound): ...}. */
public final class ApiException extends KubectlException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    ApiException(int code, String reason, String message) {
        super(reason.isEmpty() ? "Error from server: " + message : "Error from server (" + reason + "): " + message);
        this.code = code;
        this.reason = reason;
    }

    /** Reads a {@code kind: Status} body; a body that is not one is shown with the HTTP code. */
    static ApiException fromStatus(int code, JsonNode status, String body) {
        if (status != null && "Status".equals(status.path("kind").asText())) {
            return new ApiException(code, status.path("reason").asText(""), status.path("message").asText(""));
        }
        String message = body == null || body.isBlank() ? "the server responded with HTTP " + code : body.strip();
        return new ApiException(code, reasonFor(code), message);
    }

    private static String reasonFor(int code) {
        switch (code) {
            case 404: return "NotFound";
            case 409: return "Conflict";
            case 403: return "Forbidden";
            case 401: return "Unauthorized";
            case 503: return "ServiceUnavailable";
            default: return code >= 500 ? "InternalError" : "BadRequest";
        }
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean isNotFound() {
        return code == 404;
    }

    public boolean isConflict() {
        return code == 409;
    }
}
