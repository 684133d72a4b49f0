package io.kuberaf.kubelet.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ExecRequest;
import io.kuberaf.api.runtime.LogOptions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The kubelet's streaming API: {@code GET /containerLogs/{ns}/{pod}/{container}} over plain HTTP,
 * {@code /exec|/attach/{ns}/{pod}/{container}} and {@code /portForward/{ns}/{pod}} over WebSocket. Every
 * request but {@code /healthz} must carry the node's bearer token.
 */
final class KubeletHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletHandler.class);

    private final ContainerRuntime runtime;
    private final ContainerLocator locator;
    private final byte[] token;
    private final Clock clock;

    KubeletHandler(ContainerRuntime runtime, ContainerLocator locator, String token, Clock clock) {
        this.runtime = runtime;
        this.locator = locator;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            if (path.equals("/healthz")) {
                response.write(true, BufferUtil.toBuffer("ok"), callback);
                return true;
            }
            authenticate(request);
            String[] parts = split(path);
            if (parts.length == 4 && parts[0].equals("containerLogs") && request.getMethod().equals("GET")) {
                logs(request, response, parts[1], parts[2], parts[3]);
                callback.succeeded();
                return true;
            }
            if (parts.length > 0 && List.of("exec", "attach", "portForward").contains(parts[0])) {
                throw new KubeletException(400, "BadRequest", path + " is served over WebSocket only (subprotocols "
                        + String.join(", ", RemoteCommand.PROTOCOLS) + ", " + PortForwardTunnel.PROTOCOL + ")");
            }
            throw new KubeletException(404, "NotFound", "the kubelet serves no " + path);
        } catch (KubeletException e) {
            writeStatus(response, callback, e);
        } catch (IOException e) {
            LOG.debug("log stream for {} ended: {}", path, e.getMessage());
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.warn("kubelet request {} failed", path, e);
            if (!response.isCommitted()) {
                writeStatus(response, callback, new KubeletException(500, "InternalError", e.toString()));
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private void logs(Request request, Response response, String namespace, String pod, String container) throws IOException {
        Fields query = Request.extractQueryParameters(request);
        boolean previous = flag(query, "previous");
        String containerId = locator.container(namespace, pod, container, previous).orElseThrow(() -> previous
                ? new KubeletException(400, "BadRequest", "previous terminated container \"" + container + "\" in pod \""
                + pod + "\" not found")
                : new KubeletException(400, "BadRequest", "container \"" + container + "\" in pod \"" + pod
                + "\" is waiting to start: ContainerCreating"));
        LogOptions options = new LogOptions(flag(query, "follow"), number(query, "tailLines", -1), since(query),
                flag(query, "timestamps"), number(query, "limitBytes", 0));
        InputStream logs = runtime.logs(containerId, options);
        // the client going away while the log is quiet must end the runtime's follow, not only the next write
        request.addFailureListener(failure -> closeQuietly(logs));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (logs) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = logs.read(buffer)) >= 0) {
                if (n > 0) {
                    write(response, ByteBuffer.wrap(buffer, 0, n), false);
                }
            }
        }
        write(response, BufferUtil.EMPTY_BUFFER, true);
    }

    /** Each chunk goes out at once: kubectl logs -f shows lines as they come. */
    private static void write(Response response, ByteBuffer bytes, boolean last) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, bytes, written);
            written.block();
        }
    }

    private Instant since(Fields query) {
        String time = value(query, "sinceTime");
        if (time != null && !time.isEmpty()) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new KubeletException(400, "BadRequest", "sinceTime: invalid RFC 3339 time \"" + time + "\"");
            }
        }
        long seconds = number(query, "sinceSeconds", -1);
        return seconds > 0 ? clock.instant().minusSeconds(seconds) : null;
    }

    /** The WebSocket entry: exec, attach, portForward. Errors leave as a Status before the upgrade. */
    Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        try {
            authenticate(request);
            String[] parts = split(Request.getPathInContext(request));
            Fields query = Request.extractQueryParameters(request);
            if (parts.length == 4 && (parts[0].equals("exec") || parts[0].equals("attach"))) {
                return remoteCommand(request, response, parts, query);
            }
            if (parts.length == 3 && parts[0].equals("portForward")) {
                requireProtocol(request, response, List.of(PortForwardTunnel.PROTOCOL));
                String sandbox = locator.sandbox(parts[1], parts[2]).orElseThrow(() -> new KubeletException(404, "NotFound",
                        "pod \"" + parts[2] + "\" in namespace \"" + parts[1] + "\" has no sandbox on this node"));
                return new PortForwardTunnel(runtime, sandbox, parts[1] + "/" + parts[2]);
            }
            throw new KubeletException(404, "NotFound", "the kubelet serves no WebSocket on " + Request.getPathInContext(request));
        } catch (KubeletException e) {
            writeStatus(response, callback, e);
            return null;
        }
    }

    private RemoteCommand remoteCommand(ServerUpgradeRequest request, ServerUpgradeResponse response, String[] parts,
                                        Fields query) {
        boolean attach = parts[0].equals("attach");
        List<String> command = attach ? List.of() : values(query, "command");
        if (!attach && command.isEmpty()) {
            throw new KubeletException(400, "BadRequest", "you must specify at least one command for the container");
        }
        ExecRequest exec = new ExecRequest(command, flag(query, "stdin"), flag(query, "stdout"), flag(query, "stderr"),
                flag(query, "tty"));
        if (!exec.stdin() && !exec.stdout() && !exec.stderr()) {
            throw new KubeletException(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
        }
        String protocol = requireProtocol(request, response, RemoteCommand.PROTOCOLS);
        String containerId = locator.container(parts[1], parts[2], parts[3], false).orElseThrow(() -> new KubeletException(
                404, "NotFound", "container \"" + parts[3] + "\" in pod \"" + parts[2] + "\" is not running on this node"));
        return new RemoteCommand(runtime, containerId, exec, protocol);
    }

    /** The first of the client's subprotocols that the kubelet speaks (the client lists its preference first). */
    private static String requireProtocol(ServerUpgradeRequest request, ServerUpgradeResponse response, List<String> supported) {
        for (String offered : request.getSubProtocols()) {
            if (supported.contains(offered)) {
                response.setAcceptedSubProtocol(offered);
                return offered;
            }
        }
        throw new KubeletException(400, "BadRequest", "none of the WebSocket subprotocols " + request.getSubProtocols()
                + " is supported; use one of " + supported);
    }

    private void authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] presented = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new KubeletException(401, "Unauthorized", "the kubelet's API requires the node's bearer token");
        }
    }

    private static String[] split(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static String value(Fields query, String name) {
        Fields.Field field = query.get(name);
        return field == null ? null : field.getValue();
    }

    private static List<String> values(Fields query, String name) {
        Fields.Field field = query.get(name);
        return field == null ? List.of() : field.getValues();
    }

    private static boolean flag(Fields query, String name) {
        String value = value(query, name);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static long number(Fields query, String name, long absent) {
        String value = value(query, name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new KubeletException(400, "BadRequest", name + ": invalid value \"" + value + "\": must be an integer");
        }
    }

    private static void writeStatus(Response response, Callback callback, KubeletException e) {
        ObjectNode status = Statuses.failure(e.code, e.reason, e.getMessage());
        response.setStatus(e.code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Statuses.bytes(status)), callback);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a log stream: {}", e.getMessage());
        }
    }

    /** A request the kubelet refuses, with its HTTP code and Status reason. */
    static final class KubeletException extends RuntimeException {
        final int code;
        final String reason;

        KubeletException(int code, String reason, String message) {
            super(message);
            this.code = code;
            this.reason = reason;
        }
    }
}
