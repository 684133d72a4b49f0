package io.kuberaf.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.kubelet.server.KubeletServer;
import io.kuberaf.kubelet.server.KubeletToken;
import io.kuberaf.kubelet.server.RuntimeContainerLocator;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's own kubelet, configured by {@code etc/io.kuberaf.kubelet.cfg}; it runs on the container
 * runtime selected by {@code runtime.target} (the runtime service's {@code runtime.name}), and serves the
 * kubelet API (logs, exec, attach, port-forward) on {@code node.address:port} with a bearer token it makes
 * at each start and publishes as the Secret kube-system/kubelet-&lt;node&gt;-token when it registers.
 */
@Component(configurationPid = KubeletComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = KubeletComponent.Config.class)
public final class KubeletComponent {

    static final String PID = "io.kuberaf.kubelet";

    @ObjectClassDefinition(name = "Kuberaf kubelet", description = "The node agent of this machine")
    public @interface Config {
        @AttributeDefinition(description = "Node name; empty for the machine's hostname")
        String node_name() default "";

        @AttributeDefinition(description = "Which ContainerRuntime service to use, as an OSGi filter on runtime.name")
        String runtime_target() default "(runtime.name=docker)";

        @AttributeDefinition(description = "The node's InternalIP and the hostIP of its pods")
        String node_address() default "127.0.0.1";

        @AttributeDefinition(description = "Kubelet API port, published in the Node's daemonEndpoints")
        int port() default 10250;

        @AttributeDefinition(description = "Static pod manifests folder; empty for ${karaf.etc}/manifests")
        String staticPods_path() default "";

        @AttributeDefinition(description = "Pod volumes folder; empty for ${karaf.data}/kubelet")
        String data_path() default "";

        @AttributeDefinition(description = "Most pods this node runs")
        int maxPods() default 110;

        @AttributeDefinition(description = "Cluster DNS server IPs (comma-separated) for pods with dnsPolicy ClusterFirst")
        String clusterDNS() default "";

        @AttributeDefinition(description = "Cluster domain for the pods' DNS search path")
        String clusterDomain() default "cluster.local";

        @AttributeDefinition(description = "Extra node labels, key=value separated by commas")
        String node_labels() default "";

        @AttributeDefinition(description = "Seconds between renewals of the node's Lease")
        int node_lease_renew_seconds() default 10;

        @AttributeDefinition(description = "Lease duration in seconds")
        int node_lease_duration_seconds() default 40;

        @AttributeDefinition(description = "Seconds between node status computations (changes are written at once)")
        int status_update_seconds() default 10;

        @AttributeDefinition(description = "Seconds after which an unchanged node status is written again")
        int status_report_seconds() default 60;
    }

    @Reference(name = "runtime", target = "(runtime.name=docker)")
    private ContainerRuntime runtime;

    @Reference
    private KubeletLauncherComponent launcher;

    @Reference
    private KubernetesClient client;

    private RunningKubelet kubelet;
    private KubeletServer server;

    @Activate
    void activate(Config config) throws Exception {
        KubeletOptions options = options(config);
        String token = KubeletToken.generate();
        server = new KubeletServer(new KubeletServer.Settings(options.address(), options.port()), runtime,
                new RuntimeContainerLocator(runtime, options.nodeName()), token);
        server.start();
        kubelet = launcher.start(options, runtime, () -> KubeletToken.publish(client, options.nodeName(), token));
    }

    @Deactivate
    void deactivate() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static KubeletOptions options(Config config) {
        String name = config.node_name().isBlank() ? MachineInfo.hostname() : config.node_name().trim();
        String etc = System.getProperty("karaf.etc", "etc");
        String data = System.getProperty("karaf.data", "data");
        return KubeletOptions.builder(name)
                .address(config.node_address())
                .port(config.port())
                .staticPodsDir(config.staticPods_path().isBlank() ? Path.of(etc, "manifests") : Path.of(config.staticPods_path()))
                .dataDir(config.data_path().isBlank() ? Path.of(data, "kubelet") : Path.of(config.data_path()))
                .maxPods(config.maxPods())
                .clusterDns(split(config.clusterDNS()))
                .clusterDomain(config.clusterDomain())
                .labels(labels(config.node_labels()))
                .leaseRenewPeriod(Duration.ofSeconds(Math.max(1, config.node_lease_renew_seconds())))
                .leaseDuration(Duration.ofSeconds(Math.max(1, config.node_lease_duration_seconds())))
                .statusUpdatePeriod(Duration.ofSeconds(Math.max(1, config.status_update_seconds())))
                .statusReportPeriod(Duration.ofSeconds(Math.max(1, config.status_report_seconds())))
                .build();
    }

    static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : split(text)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return labels;
    }
}
