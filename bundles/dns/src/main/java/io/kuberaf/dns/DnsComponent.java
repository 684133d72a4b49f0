package io.kuberaf.dns;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster DNS of this node: a DNS server on the node's pod-network gateway (where pods reach it
 * through the kube-dns ClusterIP) and on the configured host addresses, answering from the shared
 * informers and forwarding other names to the node's resolver.
 */
@Component(service = {}, immediate = true, configurationPid = "io.kuberaf.dns",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DnsComponent.Config.class)
public class DnsComponent {

    @ObjectClassDefinition(name = "Kuberaf cluster DNS", description = "DNS for Services and Pods (<svc>.<ns>.svc.cluster.local)")
    public @interface Config {
        @AttributeDefinition(description = "The cluster's DNS domain (the kubelet's clusterDomain)")
        String domain() default "cluster.local";

        @AttributeDefinition(description = "UDP and TCP port the server listens on, at every address")
        int port() default 53;

        @AttributeDefinition(description = "Host addresses to listen on besides the pod-network gateway, comma-separated")
        String listen_addresses() default "127.0.0.1";

        @AttributeDefinition(description = "Listen on the node's pod-network gateway (first address of the Node's spec.podCIDR)")
        boolean listen_podGateway() default true;

        @AttributeDefinition(description = "This node's name (the kubelet's node.name); empty for the machine's hostname")
        String node_name() default "";

        @AttributeDefinition(description = "Create Service kube-system/kube-dns and publish this node's server as its endpoint")
        boolean service_publish() default true;

        @AttributeDefinition(description = "ClusterIP of kube-system/kube-dns (in the service CIDR; the kubelet's clusterDNS)")
        String service_clusterIP() default "10.96.0.10";

        @AttributeDefinition(description = "Upstream servers for names outside the cluster (ip or ip:port, comma-separated); "
                + "empty: the nameservers of upstream.resolvConf")
        String upstream() default "";

        @AttributeDefinition(description = "The node's resolv.conf, read when upstream is empty")
        String upstream_resolvConf() default "/etc/resolv.conf";

        @AttributeDefinition(description = "Milliseconds an upstream may take to answer")
        int upstream_timeoutMillis() default 2000;

        @AttributeDefinition(description = "TTL in seconds of the cluster's records")
        int ttl() default 5;

        @AttributeDefinition(description = "Most questions handled at once")
        int workers() default 16;

        @AttributeDefinition(description = "Seconds between checks of the pod-network gateway and the kube-dns endpoint")
        int sync_seconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DnsComponent.class);
    /** Syncs a second apart while the gateway is not there yet, before falling back to sync.seconds. */
    private static final int QUICK_RETRIES = 120;

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private Config config;
    private DnsServer server;
    private KubeDnsService kubeDns;
    private NodeGateway gateway;
    private ScheduledExecutorService sync;
    private InetSocketAddress gatewayListener;
    private String lastProblem;
    private int quickRetries;

    @Activate
    void activate(Config config) throws IOException {
        this.config = config;
        String node = config.node_name().isBlank() ? hostname() : config.node_name().trim();
        List<InetSocketAddress> hostAddresses = hostAddresses(config);
        List<InetSocketAddress> upstreams = Upstreams.of(config.upstream(), Path.of(config.upstream_resolvConf()), hostAddresses);
        if (upstreams.isEmpty()) {
            LOG.warn("Cluster DNS has no upstream server (upstream is empty and {} names none): names outside {} fail with SERVFAIL",
                    config.upstream_resolvConf(), config.domain());
        }
        ClusterRecords records = new ClusterRecords(config.domain(), config.ttl(), informers.informer(Service.class),
                informers.informer(EndpointSlice.class), informers.informer(Pod.class));
        server = new DnsServer(records, new Forwarder(upstreams, Duration.ofMillis(config.upstream_timeoutMillis())), config.workers());
        for (InetSocketAddress address : hostAddresses) {
            try {
                server.listen(address);
            } catch (IOException e) {
                LOG.warn("Cluster DNS cannot listen on {}: {} (set listen.addresses or port in io.kuberaf.dns)", address, e.getMessage());
            }
        }
        kubeDns = config.service_publish() ? new KubeDnsService(client, config.service_clusterIP(), node) : null;
        gateway = new NodeGateway(client, node);
        sync = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kuberaf-dns-sync");
            thread.setDaemon(true);
            return thread;
        });
        sync.execute(this::syncOnce);
        LOG.info("Cluster DNS for {} on node {}, upstream {}", config.domain(), node, upstreams);
    }

    private static final Duration WITHDRAW_LIMIT = Duration.ofSeconds(3);

    @Deactivate
    void deactivate() throws InterruptedException {
        sync.shutdownNow();
        sync.awaitTermination(10, TimeUnit.SECONDS);
        if (kubeDns != null) {
            withdrawWithin(WITHDRAW_LIMIT);
        }
        server.close();
    }

    /**
     * Withdraws this node's kube-dns endpoint, but never holds the bundle's stop longer than
     * {@code limit}: when the apiserver is stopping too (Karaf's shutdown), the API client would retry
     * with back-off for about 100 s. A stale endpoint is replaced by the next start.
     */
    private void withdrawWithin(Duration limit) throws InterruptedException {
        Thread withdrawer = new Thread(() -> {
            try {
                kubeDns.withdraw(config.port());
            } catch (RuntimeException e) {
                LOG.info("Cluster DNS could not withdraw its kube-dns endpoint: {}", e.getMessage());
            }
        }, "kuberaf-dns-withdraw");
        withdrawer.setDaemon(true);
        withdrawer.start();
        withdrawer.join(limit.toMillis());
        if (withdrawer.isAlive()) {
            withdrawer.interrupt();
            LOG.info("Cluster DNS stopped without withdrawing its kube-dns endpoint within {} s (is the apiserver down?); "
                    + "the next start replaces it", limit.toSeconds());
        }
    }

    /**
     * Follows the pod-network gateway and keeps this node's kube-dns endpoint on it; asks again every
     * second for the first two minutes while the gateway cannot be listened on yet (the node is being
     * registered, the runtime creates the pod bridge), then every sync.seconds.
     */
    private void syncOnce() {
        try {
            syncNow();
        } finally {
            boolean waiting = config.listen_podGateway() && gatewayListener == null && quickRetries++ < QUICK_RETRIES;
            try {
                sync.schedule(this::syncOnce, waiting ? 1 : Math.max(1, config.sync_seconds()), TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // deactivated meanwhile
            }
        }
    }

    private void syncNow() {
        try {
            if (config.listen_podGateway()) {
                followGateway(gateway.address());
            }
            if (kubeDns != null) {
                kubeDns.publish(gatewayListener == null ? null : gatewayListener.getAddress().getHostAddress(), config.port());
            }
            lastProblem = null;
        } catch (RuntimeException e) {
            report(e.getMessage());
        }
    }

    private void followGateway(String address) {
        InetSocketAddress wanted = address == null ? null : new InetSocketAddress(literal(address), config.port());
        if (gatewayListener != null && !gatewayListener.equals(wanted)) {
            server.stopListening(gatewayListener);
            gatewayListener = null;
        }
        if (wanted != null && gatewayListener == null) {
            try {
                server.listen(wanted);
                gatewayListener = wanted;
            } catch (IOException e) {
                // The bridge gets its address when the runtime creates the pod network: tried again at the next sync.
                report("cannot listen on the pod-network gateway " + wanted + " yet: " + e.getMessage());
            }
        }
    }

    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn("Cluster DNS: {}", problem);
            lastProblem = problem;
        }
    }

    private static List<InetSocketAddress> hostAddresses(Config config) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : config.listen_addresses().split(",")) {
            if (!entry.isBlank()) {
                addresses.add(new InetSocketAddress(literal(entry.trim()), config.port()));
            }
        }
        return addresses;
    }

    private static InetAddress literal(String ip) {
        if (!ip.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    /** As the kubelet names its node by default. */
    private static String hostname() {
        try {
            String fromFile = Files.readString(Path.of("/etc/hostname")).trim();
            if (!fromFile.isEmpty()) {
                return fromFile.toLowerCase(Locale.ROOT);
            }
        } catch (IOException e) {
            // no /etc/hostname: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
