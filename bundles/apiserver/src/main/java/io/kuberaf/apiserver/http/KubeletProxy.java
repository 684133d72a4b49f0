package io.kuberaf.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * pods/log, pods/exec, pods/attach and pods/portforward: served by the kubelet of the pod's node, which
 * this proxies to. Logs are plain HTTP, streamed chunk by chunk; exec, attach and port-forward are
 * WebSockets joined end to end with the subprotocol the kubelet chose. The kubelet wants its node's
 * bearer token, which it publishes as the Secret {@code kube-system/kubelet-<node>-token}
 * (io.kuberaf.kubelet.server.KubeletToken; keep the names in step).
 */
public final class KubeletProxy implements AutoCloseable {

    public static final Set<String> SUBRESOURCES = Set.of("log", "exec", "attach", "portforward");

    private static final Logger LOG = LoggerFactory.getLogger(KubeletProxy.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofHours(4);
    private static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";
    private static final List<String> LOG_PARAMS = List.of("follow", "previous", "timestamps", "tailLines", "sinceSeconds",
            "sinceTime", "limitBytes");
    private static final List<String> LOG_NUMBERS = List.of("tailLines", "sinceSeconds", "limitBytes");
    private static final List<String> EXEC_PARAMS = List.of("command", "stdin", "stdout", "stderr", "tty");

    private final ObjectRegistry objects;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final ResourceType secrets;
    private final HttpClient http;
    private WebSocketClient webSockets;

    public KubeletProxy(ResourceRegistry resources, ObjectRegistry objects) {
        this.objects = objects;
        this.pods = resources.find("", "v1", "pods").orElseThrow();
        this.nodes = resources.find("", "v1", "nodes").orElseThrow();
        this.secrets = resources.find("", "v1", "secrets").orElseThrow();
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    public static boolean handles(RequestPath path) {
        return path.group().isEmpty() && path.resource().equals("pods") && path.name() != null
                && path.subresource() != null && SUBRESOURCES.contains(path.subresource());
    }

    /** A plain HTTP request: GET pods/log streams; exec/attach/portforward without WebSocket are refused. */
    public void serve(ApiRequest api, RequestPath path, Request request, Response response, Callback callback) {
        if (!path.subresource().equals("log")) {
            Target target = resolve(api, path);
            probe(target);
            throw ApiException.badRequest("pods/" + path.subresource() + " is served over WebSocket only (kubectl 1.30 or "
                    + "newer for exec and attach, 1.31 or newer for port-forward); this client asked for SPDY");
        }
        if (!api.method().equals("GET")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        Target target = resolve(api, path);
        HttpResponse<InputStream> upstream = send(target, HttpRequest.newBuilder(target.uri()).GET());
        if (upstream.statusCode() != 200) {
            throw kubeletError(target, upstream.statusCode(), readAll(upstream.body()));
        }
        InputStream body = upstream.body();
        request.addFailureListener(failure -> closeQuietly(body));
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(STREAM_IDLE_TIMEOUT.toMillis());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        try (body) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (n > 0) {
                    write(response, ByteBuffer.wrap(buffer, 0, n), false);
                }
            }
            write(response, BufferUtil.EMPTY_BUFFER, true);
            callback.succeeded();
        } catch (IOException e) {
            LOG.debug("log stream of {} ended: {}", path.name(), e.getMessage());
            callback.failed(e);
        }
    }

    private static void write(Response response, ByteBuffer bytes, boolean last) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, bytes, written);
            written.block();
        }
    }

    /** exec, attach, portforward over WebSocket: connects to the kubelet first, to accept its subprotocol. */
    public Object upgrade(ApiRequest api, RequestPath path, ServerUpgradeRequest request, ServerUpgradeResponse response) {
        if (path.subresource().equals("log")) {
            throw ApiException.badRequest("pods/log is served over plain HTTP, not WebSocket");
        }
        List<String> offered = request.getSubProtocols();
        if (offered.isEmpty()) {
            throw ApiException.badRequest("pods/" + path.subresource() + " needs a WebSocket subprotocol "
                    + "(v5.channel.k8s.io, v4.channel.k8s.io or SPDY/3.1+portforward.k8s.io)");
        }
        Target target = resolve(api, path);
        WebSocketBridge bridge = new WebSocketBridge("pods/" + path.subresource() + " " + path.namespace() + "/" + path.name());
        Session kubelet = connect(target, offered, bridge);
        response.setAcceptedSubProtocol(kubelet.getUpgradeResponse().getAcceptedSubProtocol());
        return bridge.kubectlSide();
    }

    private Session connect(Target target, List<String> offered, WebSocketBridge bridge) {
        URI uri = URI.create("ws" + target.uri().toString().substring("http".length()));
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(offered);
        upgrade.setHeader("Authorization", "Bearer " + target.token());
        try {
            return webSockets().connect(bridge.kubeletSide(), uri, upgrade).get(CONNECT_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeException refused && refused.getResponseStatusCode() > 0) {
                throw kubeletError(target, refused.getResponseStatusCode(), new byte[0]);
            }
            throw unreachable(target, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(target, e);
        } catch (IOException e) {
            throw unreachable(target, e);
        }
    }

    /** Jetty's WebSocket client (the JDK's refuses the subprotocol name SPDY/3.1+portforward.k8s.io), started on first use. */
    private synchronized WebSocketClient webSockets() {
        if (webSockets == null) {
            WebSocketClient client = new WebSocketClient();
            client.setIdleTimeout(WebSocketBridge.IDLE_TIMEOUT);
            client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the WebSocket client for kubelet connections", e);
            }
            webSockets = client;
        }
        return webSockets;
    }

    @Override
    public synchronized void close() throws Exception {
        if (webSockets != null) {
            webSockets.stop();
            webSockets = null;
        }
    }

    /** Fails with the kubelet-unreachable Status when the kubelet does not answer. */
    private void probe(Target target) {
        URI health = target.uri().resolve("/healthz");
        send(target, HttpRequest.newBuilder(health).GET());
    }

    private HttpResponse<InputStream> send(Target target, HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + target.token()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(target, e);
        }
    }

    // ---- from the pod to the kubelet URL ----

    /** Where the request goes: the kubelet URL of the pod's node, and the node's token. */
    record Target(String node, String address, URI uri, String token) {
    }

    Target resolve(ApiRequest api, RequestPath path) {
        String namespace = path.namespace();
        String name = path.name();
        ObjectNode pod = objects.get(pods, namespace, name);
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        String kubeletPath = switch (path.subresource()) {
            case "portforward" -> "/portForward/" + segment(namespace) + "/" + segment(name);
            case "log" -> "/containerLogs/" + segment(namespace) + "/" + segment(name) + "/" + segment(container(pod, api));
            default -> "/" + path.subresource() + "/" + segment(namespace) + "/" + segment(name) + "/"
                    + segment(container(pod, api));
        };
        String query = path.subresource().equals("log") ? logQuery(api) : forwardedQuery(api,
                path.subresource().equals("portforward") ? List.of("port") : EXEC_PARAMS);
        ObjectNode node = objects.find(nodes, null, nodeName).orElseThrow(() -> new ApiException(503, "ServiceUnavailable",
                "node \"" + nodeName + "\" of pod " + name + " is not registered"));
        String address = address(node, nodeName);
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0) {
            throw new ApiException(503, "ServiceUnavailable", "node \"" + nodeName
                    + "\" does not publish its kubelet port (status.daemonEndpoints.kubeletEndpoint.Port)");
        }
        String hostPort = (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        return new Target(nodeName, hostPort, URI.create("http://" + hostPort + kubeletPath + query), token(nodeName));
    }

    /** The named container, else the pod's default-container annotation, else its only container. */
    private static String container(ObjectNode pod, ApiRequest api) {
        String name = pod.path("metadata").path("name").asText();
        List<String> containers = names(pod.path("spec").path("containers"));
        String requested = api.param("container");
        if (requested == null || requested.isEmpty()) {
            requested = pod.path("metadata").path("annotations").path(DEFAULT_CONTAINER_ANNOTATION).asText("");
        }
        if (requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                    + "[" + String.join(" ", containers) + "]");
        }
        List<String> all = new ArrayList<>(containers);
        all.addAll(names(pod.path("spec").path("initContainers")));
        all.addAll(names(pod.path("spec").path("ephemeralContainers")));
        if (!all.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + name);
        }
        return requested;
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static String address(ObjectNode node, String nodeName) {
        for (String type : List.of("InternalIP", "Hostname", "ExternalIP")) {
            for (JsonNode address : node.path("status").path("addresses")) {
                if (type.equals(address.path("type").asText()) && !address.path("address").asText("").isEmpty()) {
                    return address.path("address").asText();
                }
            }
        }
        throw new ApiException(503, "ServiceUnavailable", "node \"" + nodeName + "\" has no address (status.addresses)");
    }

    private String token(String nodeName) {
        String secretName = "kubelet-" + nodeName + "-token";
        String encoded = objects.find(secrets, "kube-system", secretName)
                .map(secret -> secret.path("data").path("token").asText(""))
                .orElse("");
        if (encoded.isEmpty()) {
            throw new ApiException(503, "ServiceUnavailable", "the kubelet of node \"" + nodeName
                    + "\" has not published its API token (secret kube-system/" + secretName + ")");
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static String logQuery(ApiRequest api) {
        for (String number : LOG_NUMBERS) {
            api.longParam(number, 0); // a 400 here names the bad value before the kubelet is asked
        }
        return forwardedQuery(api, LOG_PARAMS);
    }

    private static String forwardedQuery(ApiRequest api, List<String> names) {
        StringBuilder query = new StringBuilder();
        for (String name : names) {
            var field = api.query().get(name);
            if (field == null) {
                continue;
            }
            for (String value : field.getValues()) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return query.toString();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- errors ----

    private static ApiException unreachable(Target target, Throwable cause) {
        String why = cause == null ? "no answer" : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new ApiException(503, "ServiceUnavailable", "cannot reach the kubelet of node \"" + target.node() + "\" at "
                + target.address() + ": " + why);
    }

    /** The kubelet's own Status when it sent one, else one that names the node. */
    private static ApiException kubeletError(Target target, int code, byte[] body) {
        if (code == 401 || code == 403) {
            // not kubectl's credentials at fault but the apiserver's: never answer kubectl with 401
            return new ApiException(503, "ServiceUnavailable", "the kubelet of node \"" + target.node() + "\" at "
                    + target.address() + " refused the apiserver's token (HTTP " + code + "); it publishes a new one in "
                    + "secret kube-system/kubelet-" + target.node() + "-token when it starts");
        }
        try {
            JsonNode status = Json.MAPPER.readTree(body);
            if (status != null && "Status".equals(status.path("kind").asText())) {
                return new ApiException(code, status.path("reason").asText("InternalError"), status.path("message").asText());
            }
        } catch (IOException e) {
            // not JSON: fall through
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        return new ApiException(code >= 400 ? code : 502, "InternalError",
                "the kubelet of node \"" + target.node() + "\" at " + target.address() + " answered HTTP " + code
                        + (text.isEmpty() ? "" : ": " + text));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a kubelet log stream: {}", e.getMessage());
        }
    }
}
