package io.kuberaf.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.apiserver.admission.Admission;
import io.kuberaf.apiserver.admission.BuiltinAdmission;
import io.kuberaf.apiserver.crd.CustomAdmission;
import io.kuberaf.apiserver.crd.CustomFieldValidation;
import io.kuberaf.apiserver.crd.CustomResources;
import io.kuberaf.apiserver.discovery.BuiltinResources;
import io.kuberaf.apiserver.discovery.DiscoveryDocuments;
import io.kuberaf.apiserver.discovery.ResourceRegistry;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;
import io.kuberaf.apiserver.http.ApiHandler;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.http.KubeletProxy;
import io.kuberaf.apiserver.http.OpenApiEndpoint;
import io.kuberaf.apiserver.http.ResourceHandler;
import io.kuberaf.apiserver.http.WatchEndpoint;
import io.kuberaf.apiserver.patch.Patches;
import io.kuberaf.apiserver.registry.ListOptions;
import io.kuberaf.apiserver.registry.ObjectRegistry;
import io.kuberaf.apiserver.openapi.KindSchemas;
import io.kuberaf.apiserver.openapi.OpenApiDocuments;
import io.kuberaf.apiserver.patch.SchemaPatches;
import io.kuberaf.apiserver.table.BuiltinTables;
import io.kuberaf.apiserver.table.Tables;
import io.kuberaf.apiserver.watch.WatchCache;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Kubernetes API server: Jetty in front, the watch cache and object registry over the
 * ResourceStore behind. Plain Java so tests and the OSGi component start it the same way.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final List<String> DEFAULT_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    /** What an ApiServer is built from; {@link #defaults} gives the settings of a fresh etc/ file. */
    public record Settings(String host, int port, int watchCacheSize, long bookmarkIntervalSeconds, long eventTtlSeconds,
                           String kuberafVersion, String serviceClusterIpRange, String serviceNodePortRange) {
        public static Settings defaults(int port) {
            return new Settings("127.0.0.1", port, 10_000, 60, 3600, "dev", BuiltinAdmission.DEFAULT_SERVICE_CIDR,
                    BuiltinAdmission.DEFAULT_NODE_PORTS);
        }
    }

    private final Settings settings;
    private final ResourceRegistry resources;
    private final ObjectRegistry objects;
    private final Admission admission;
    private final WatchCache watchCache;
    private final ScheduledExecutorService timers;
    private final Server server;
    private final KubeletProxy kubelets;
    private final CustomResources customResources;

    /** The apiserver with Kubernetes' built-in kinds, their printers, patch strategies, schemas and rules. */
    public static ApiServer create(ResourceStore store, Settings settings) {
        ResourceRegistry resources = new ResourceRegistry(BuiltinResources.all());
        KindSchemas schemas = new KindSchemas();
        return new ApiServer(store, settings, resources,
                new BuiltinAdmission(settings.serviceClusterIpRange(), settings.serviceNodePortRange()), BuiltinTables.create(),
                new SchemaPatches(schemas, Clock.systemUTC()), new OpenApiDocuments(resources, schemas));
    }

    public ApiServer(ResourceStore store, Settings settings, ResourceRegistry resources, Admission admission, Tables tables,
                     Patches patches, OpenApiEndpoint openApi) {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        this.resources = resources;
        this.customResources = new CustomResources(resources, tables);
        this.admission = new CustomAdmission(admission, resources, customResources, clock);
        this.objects = new ObjectRegistry(store, resources, this.admission, clock, settings.eventTtlSeconds());
        this.watchCache = new WatchCache(store, settings.watchCacheSize());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kuberaf-apiserver-timers");
            thread.setDaemon(true);
            return thread;
        });
        ResourceHandler handler = new ResourceHandler(resources, objects, tables, patches, clock,
                new CustomFieldValidation(openApi.validator(), resources));
        WatchEndpoint watches = new WatchEndpoint(handler, objects, watchCache, tables, timers, clock,
                settings.bookmarkIntervalSeconds());
        DiscoveryDocuments discovery = new DiscoveryDocuments(resources, settings.kuberafVersion(),
                settings.host() + ":" + settings.port());
        this.kubelets = new KubeletProxy(resources, objects);
        this.server = jetty(new ApiHandler(discovery, handler, watches, openApi, kubelets));
    }

    private Server jetty(ApiHandler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4, 60_000);
        threads.setName("kuberaf-apiserver");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler webSockets =
                org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler.from(jetty,
                        container -> container.addMapping("/*", handler::upgrade));
        webSockets.setHandler(handler);
        jetty.setHandler(webSockets);
        jetty.setStopTimeout(2_000);
        return jetty;
    }

    public void start() throws Exception {
        // allocations (cluster IPs, node ports) live in memory: rebuild them from the stored objects first
        admission.restore(resources.all(), this::storedObjects);
        createDefaultNamespaces();
        watchCache.start();
        customResources.start(objects, watchCache);
        server.start();
        LOG.info("Kubernetes API served on http://{}:{}", settings.host(), port());
    }

    private List<ObjectNode> storedObjects(ResourceType type) {
        List<ObjectNode> items = new ArrayList<>();
        objects.list(type, null, ListOptions.ALL).path("items").forEach(item -> items.add((ObjectNode) item));
        return items;
    }

    private void createDefaultNamespaces() {
        ResourceType namespaces = resources.find("", "v1", "namespaces").orElseThrow();
        for (String name : DEFAULT_NAMESPACES) {
            if (objects.find(namespaces, null, name).isEmpty()) {
                try {
                    objects.create(namespaces, null, Json.parseObject(
                            ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}").getBytes()), false);
                } catch (ApiException e) {
                    if (e.code() != 409) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String url() {
        return "http://" + settings.host() + ":" + port();
    }

    public ResourceRegistry resources() {
        return resources;
    }

    /** The kinds served from CustomResourceDefinitions; vendor bundles' definitions are published here. */
    public CustomResources customResources() {
        return customResources;
    }

    @Override
    public void close() throws Exception {
        // Watches first: an open watch (kubectl rollout status, an informer) would hold Jetty's graceful stop.
        customResources.close();
        watchCache.close();
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.info("Some requests were still running when the apiserver stopped; they were cut off");
        } finally {
            kubelets.close();
            timers.shutdownNow();
        }
    }
}
