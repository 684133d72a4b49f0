package io.kuberaf.apiserver.http;

import org.eclipse.jetty.util.Fields;

/** What a handler needs of an HTTP request, free of Jetty's types except the query. */
public record ApiRequest(String method, String path, Fields query, String accept, String contentType, byte[] body,
                         String userAgent) {

    public ApiRequest(String method, String path, Fields query, String accept, String contentType, byte[] body) {
        this(method, path, query, accept, contentType, body, null);
    }

    public String param(String name) {
        Fields.Field field = query.get(name);
        return field == null ? null : field.getValue();
    }

    public boolean flag(String name) {
        String value = param(name);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    public boolean dryRun() {
        String value = param("dryRun");
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (!value.equals("All")) {
            throw ApiException.badRequest("dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
        }
        return true;
    }

    /** kubectl asks for {@code application/json;as=Table;v=v1;g=meta.k8s.io} to get server-side columns. */
    public boolean wantsTable() {
        return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
    }

    public long longParam(String name, long defaultValue) {
        String value = param(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": invalid value \"" + value + "\": must be an integer");
        }
    }
}
