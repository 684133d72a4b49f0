package io.kuberaf.apiserver.http;

import java.util.Arrays;
import java.util.List;

/**
 * A resource URL split into its parts:
 * {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} or the same under
 * {@code /apis/{group}/{version}}. {@code /api/v1/namespaces/{name}[/{sub}]} is the namespace itself.
 */
public record RequestPath(String group, String version, String namespace, String resource, String name,
                          String subresource) {

    /** Null when the path is not a resource path. */
    public static RequestPath parse(String path) {
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        String version;
        List<String> rest;
        if (parts.size() >= 3 && parts.get(0).equals("api") && parts.get(1).equals("v1")) {
            group = "";
            version = "v1";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            version = parts.get(2);
            rest = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !isNamespaceSubresource(rest.get(2), group)) {
            String namespace = rest.get(1);
            List<String> inNamespace = rest.subList(2, rest.size());
            return of(group, version, namespace, inNamespace);
        }
        return of(group, version, null, rest);
    }

    private static boolean isNamespaceSubresource(String segment, String group) {
        return group.isEmpty() && (segment.equals("status") || segment.equals("finalize"));
    }

    private static RequestPath of(String group, String version, String namespace, List<String> parts) {
        if (parts.isEmpty() || parts.size() > 3) {
            return null;
        }
        return new RequestPath(group, version, namespace, parts.get(0), parts.size() > 1 ? parts.get(1) : null,
                parts.size() > 2 ? parts.get(2) : null);
    }
}
