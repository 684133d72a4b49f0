package io.kuberaf.kubelet.server;

import io.kuberaf.api.runtime.ContainerRuntime;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The kubelet's own HTTP API on Jetty: container logs, exec, attach and port-forward for the pods of
 * this node, which the apiserver proxies kubectl's requests to. Requests must carry the bearer token
 * given here (see {@link KubeletToken} for how the apiserver learns it).
 *
 * <pre>
 * KubeletServer server = new KubeletServer(new KubeletServer.Settings("127.0.0.1", 10250), runtime,
 *         new RuntimeContainerLocator(runtime, nodeName), token);
 * server.start();   // then publish server.port() in the Node's status.daemonEndpoints.kubeletEndpoint.Port
 * ...
 * server.close();
 * </pre>
 */
public final class KubeletServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 10250;

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
    /** Kubernetes' default streaming-connection-idle-timeout: a quiet exec shell or log -f stays open this long. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(4);
    private static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;

    /** Where the server listens; port 0 picks a free one (tests). */
    public record Settings(String host, int port) {
        public static Settings defaults() {
            return new Settings("127.0.0.1", DEFAULT_PORT);
        }
    }

    private final Settings settings;
    private final Server server;

    public KubeletServer(Settings settings, ContainerRuntime runtime, ContainerLocator locator, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the kubelet's API needs a bearer token");
        }
        this.settings = settings;
        this.server = jetty(new KubeletHandler(runtime, locator, token, Clock.systemUTC()));
    }

    private Server jetty(KubeletHandler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(100, 2, 60_000);
        threads.setName("kuberaf-kubelet-api");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            container.addMapping("/*", handler::upgrade);
        });
        webSockets.setHandler(handler);
        jetty.setHandler(webSockets);
        jetty.setStopTimeout(2_000);
        return jetty;
    }

    public void start() throws Exception {
        server.start();
        LOG.info("Kubelet API (logs, exec, attach, port-forward) served on http://{}:{}", settings.host(), port());
    }

    /** The port actually bound (with port 0, the one picked). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String host() {
        return settings.host();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
