package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.discovery.DiscoveryDocuments;
import io.kuberaf.apiserver.protobuf.ProtobufBodies;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The apiserver's HTTP entry: discovery, health, and resource paths. Every failure leaves as a
 * {@code kind: Status} with its HTTP code.
 */
public final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final DiscoveryDocuments discovery;
    private final ResourceHandler resources;
    private final WatchEndpoint watches;
    private final OpenApiEndpoint openApi;
    private final KubeletProxy kubelets;

    public ApiHandler(DiscoveryDocuments discovery, ResourceHandler resources, WatchEndpoint watches, OpenApiEndpoint openApi,
                      KubeletProxy kubelets) {
        this.kubelets = kubelets;
        this.discovery = discovery;
        this.resources = resources;
        this.watches = watches;
        this.openApi = openApi;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiRequest api = null;
        try {
            api = protobufAsJson(read(request));
            byte[] v2 = api.method().equals("GET") && api.path().equals("/openapi/v2") ? openApi.v2Protobuf() : null;
            if (v2 != null) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
                response.write(true, ByteBuffer.wrap(v2), callback);
                return true;
            }
            RequestPath path = RequestPath.parse(api.path());
            if (path != null && api.method().equals("GET") && api.flag("watch")) {
                watches.start(api, path, response, callback);
                return true;
            }
            if (path != null && KubeletProxy.handles(path)) {
                kubelets.serve(api, path, request, response, callback);
                return true;
            }
            Reply reply = path != null ? resources.handle(api, path) : nonResource(api);
            write(response, callback, reply);
        } catch (ApiException e) {
            write(response, callback, new Reply(e.code(), e.toStatus()));
        } catch (RuntimeException e) {
            LOG.error("Internal error serving {} {}", request.getMethod(), request.getHttpURI().getPathQuery(), e);
            ApiException internal = new ApiException(500, "InternalError", "an error on the server (\"" + e
                    + "\") has prevented the request from succeeding");
            write(response, callback, new Reply(500, internal.toStatus()));
        }
        return true;
    }

    /**
     * kubectl's typed commands (create namespace, create deployment, run, expose, ...) send their objects in
     * protobuf: read them as the JSON they stand for. Patches have no protobuf form.
     */
    private static ApiRequest protobufAsJson(ApiRequest request) {
        if (request.body().length == 0 || !ProtobufBodies.isProtobuf(request.contentType())) {
            return request;
        }
        if (request.method().equals("PATCH")) {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml, application/strategic-merge-patch+json");
        }
        byte[] json = Json.bytes(ProtobufBodies.decode(request.body()));
        return new ApiRequest(request.method(), request.path(), request.query(), request.accept(), "application/json", json,
                request.userAgent());
    }

    private Reply nonResource(ApiRequest request) {
        String path = request.path();
        if (!request.method().equals("GET")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        JsonNode body = switch (path) {
            case "/version", "/version/" -> discovery.version();
            case "/api", "/api/" -> discovery.coreVersions();
            case "/apis", "/apis/" -> discovery.groups();
            case "/healthz", "/livez", "/readyz" -> null;
            default -> groupDocument(path);
        };
        if (body == null && (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz"))) {
            return new Reply(200, null);
        }
        if (body == null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return Reply.ok(body);
    }

    private JsonNode groupDocument(String path) {
        if (path.startsWith("/openapi/")) {
            return openApi.document(path);
        }
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return discovery.resources("", parts[1]);
        }
        if (parts.length == 2 && parts[0].equals("apis")) {
            var versions = discovery.groupVersions(parts[1]);
            return versions == null ? null : discovery.group(parts[1], versions);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return discovery.resources(parts[1], parts[2]);
        }
        return null;
    }


    /**
     * The WebSocket side of the API: watches (fabric8 asks for them over WebSocket first). Every
     * other upgrade request gets a Status error; plain HTTP requests never reach this.
     */
    public Object upgrade(org.eclipse.jetty.websocket.server.ServerUpgradeRequest request,
                   org.eclipse.jetty.websocket.server.ServerUpgradeResponse response, Callback callback) {
        try {
            ApiRequest api = read(request);
            RequestPath path = RequestPath.parse(api.path());
            if (path != null && KubeletProxy.handles(path)) {
                return kubelets.upgrade(api, path, request, response);
            }
            if (path == null || !api.flag("watch")) {
                throw ApiException.badRequest("only watches (?watch=true) are served over WebSocket on " + api.path());
            }
            return new WebSocketWatch(watches, watches.plan(api, path));
        } catch (ApiException e) {
            write(response, callback, new Reply(e.code(), e.toStatus()));
            return null;
        } catch (RuntimeException e) {
            LOG.error("Internal error upgrading {}", request.getHttpURI().getPathQuery(), e);
            write(response, callback, new Reply(500, new ApiException(500, "InternalError", e.toString()).toStatus()));
            return null;
        }
    }

    private static ApiRequest read(Request request) {
        String method = request.getMethod();
        byte[] body = new byte[0];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            try {
                ByteBuffer buffer = Content.Source.asByteBuffer(request);
                body = BufferUtil.toArray(buffer);
            } catch (Exception e) {
                throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
            }
        }
        return new ApiRequest(method, Request.getPathInContext(request), Request.extractQueryParameters(request),
                request.getHeaders().get(HttpHeader.ACCEPT), request.getHeaders().get(HttpHeader.CONTENT_TYPE), body,
                request.getHeaders().get(HttpHeader.USER_AGENT));
    }

    static void write(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.code());
        for (String warning : reply.warnings()) {
            response.getHeaders().add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        if (reply.body() == null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, BufferUtil.toBuffer("ok"), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Json.bytes(reply.body())), callback);
    }
}
