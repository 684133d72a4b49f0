package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A request that fails the way kube-apiserver fails it: an HTTP code and a {@code kind: Status}
 * body whose reason and message kubectl prints as "Error from server (Reason): message".
 */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final String kind;
    private final String name;
    private final String group;
    private final List<Cause> causes;

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null, null, null, List.of());
    }

    public ApiException(int code, String reason, String message, String group, String kind, String name, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.group = group;
        this.kind = kind;
        this.name = name;
        this.causes = causes;
    }

    /** One field that failed validation, e.g. {@code spec.selector}, reason {@code FieldValueInvalid}. */
    public record Cause(String reason, String message, String field) {
    }

    public static ApiException notFound(String qualifiedResource, String name) {
        return new ApiException(404, "NotFound", qualifiedResource + " \"" + name + "\" not found",
                group(qualifiedResource), plural(qualifiedResource), name, List.of());
    }

    public static ApiException alreadyExists(String qualifiedResource, String name) {
        return new ApiException(409, "AlreadyExists", qualifiedResource + " \"" + name + "\" already exists",
                group(qualifiedResource), plural(qualifiedResource), name, List.of());
    }

    public static ApiException conflict(String qualifiedResource, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedResource + " \"" + name
                + "\": " + why, group(qualifiedResource), plural(qualifiedResource), name, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    /** 422: {@code Kind "name" is invalid: field: message, field: message}. */
    public static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
        List<String> parts = new ArrayList<>();
        for (Cause cause : causes) {
            parts.add(cause.field() == null || cause.field().isEmpty() ? cause.message() : cause.field() + ": " + cause.message());
        }
        String subject = kind + " \"" + (name == null ? "" : name) + "\"";
        String message = subject + " is invalid: " + (parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]");
        return new ApiException(422, "Invalid", message, group, kind, name, causes);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public ObjectNode toStatus() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode status = f.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (name != null || kind != null || !causes.isEmpty()) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                details.put("group", group);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode list = details.putArray("causes");
                for (Cause cause : causes) {
                    ObjectNode c = list.addObject();
                    c.put("reason", cause.reason());
                    c.put("message", cause.message());
                    if (cause.field() != null) {
                        c.put("field", cause.field());
                    }
                }
            }
        }
        status.put("code", code);
        return status;
    }

    private static String group(String qualifiedResource) {
        int dot = qualifiedResource.indexOf('.');
        return dot < 0 ? "" : qualifiedResource.substring(dot + 1);
    }

    private static String plural(String qualifiedResource) {
        int dot = qualifiedResource.indexOf('.');
        return dot < 0 ? qualifiedResource : qualifiedResource.substring(0, dot);
    }
}
