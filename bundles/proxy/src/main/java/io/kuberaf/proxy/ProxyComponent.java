package io.kuberaf.proxy;

import io.kuberaf.client.SharedInformers;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.ComponentConstants;
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

import java.net.InetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * kube-proxy for this node (iptables mode). Runs on every node, without leader election.
 *
 * <p>On deactivation the rules are removed only when the proxy really goes away (bundle:stop, the
 * component disabled, Karaf shutting down); on bundle:update, bundle:restart or a configuration change
 * they stay, so traffic keeps flowing until the next instance replaces them in one transaction.
 */
@Component(service = ProxyComponent.class, immediate = true, configurationPid = "io.kuberaf.proxy",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProxyComponent.Config.class)
public class ProxyComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyComponent.class);

    @ObjectClassDefinition(name = "Kuberaf proxy", description = "Service ClusterIPs and NodePorts on this node (iptables)")
    public @interface Config {
        @AttributeDefinition(description = "This node's name (as the kubelet registers it); empty: the machine's hostname")
        String node_name() default "";

        @AttributeDefinition(description = "The apiserver's service CIDR; only cluster IPs in it get rules")
        String service_cidr() default "10.96.0.0/12";

        @AttributeDefinition(description = "Masquerade every packet sent to a cluster IP, pods' included")
        boolean masquerade_all() default false;

        @AttributeDefinition(description = "Bit of the packet mark that asks for masquerading (0-31)")
        int masquerade_bit() default 14;

        @AttributeDefinition(description = "Seconds between full resyncs when nothing changes")
        int sync_periodSeconds() default 30;

        @AttributeDefinition(description = "Least milliseconds between two syncs (changes in between are batched)")
        int sync_minIntervalMillis() default 1000;

        @AttributeDefinition(description = "Node ports answer on 127.0.0.1 (route_localnet on the bridge interfaces)")
        boolean nodePort_localhost() default true;

        @AttributeDefinition(description = "Prefix of the proxy's iptables chains (1-10 upper-case letters or digits);"
                + " each Kuberaf node on one machine needs its own")
        String chain_prefix() default Chains.DEFAULT_PREFIX;

        @AttributeDefinition(description = "Interfaces that get forwarding (and route_localnet), comma-separated;"
                + " empty: the interface holding an address of the node's pod CIDR")
        String bridge_interfaces() default "";
    }

    @Reference
    private SharedInformers informers;

    private Proxier proxier;

    @Activate
    void activate(BundleContext context, Config config) {
        int bit = config.masquerade_bit();
        if (bit < 0 || bit > 31) {
            throw new IllegalArgumentException("masquerade.bit must be 0..31, not " + bit);
        }
        Proxier.Options options = new Proxier.Options(nodeName(config.node_name()), Cidr.parse(config.service_cidr()),
                config.masquerade_all(), 1 << bit, config.nodePort_localhost(), list(config.bridge_interfaces()),
                Duration.ofSeconds(Math.max(1, config.sync_periodSeconds())),
                Duration.ofMillis(Math.max(0, config.sync_minIntervalMillis())), stateFile(context),
                new Chains(config.chain_prefix().trim()));
        proxier = new Proxier(informers, new Iptables(null), options);
        proxier.start();
    }

    @Deactivate
    void deactivate(BundleContext context, int reason) {
        proxier.close(goingAway(context, reason));
    }

    /** The proxy's state for {@code kuberaf:proxy}: one row per service port, with its rules count. */
    public String describe() {
        Proxier current = proxier;
        if (current == null || !current.hasSynced()) {
            return "The proxy has not synced its rules yet (see the log for iptables errors)\n";
        }
        return ProxyTable.render(current.programmedPorts(), current.programmedRules());
    }

    /** In the bundle's data area, which bundle:update keeps. */
    private static Path stateFile(BundleContext context) {
        java.io.File file = context.getDataFile("interface-settings.properties");
        return file == null ? null : file.toPath();
    }

    private static boolean goingAway(BundleContext context, int reason) {
        if (reason == ComponentConstants.DEACTIVATION_REASON_DISABLED || reason == ComponentConstants.DEACTIVATION_REASON_DISPOSED) {
            return true;
        }
        if (reason != ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED) {
            return false;
        }
        try {
            Bundle framework = context.getBundle(0);
            boolean shuttingDown = framework != null && framework.getState() == Bundle.STOPPING;
            // bundle:update and bundle:restart stop the bundle transiently: it stays persistently started.
            boolean stopped = !context.getBundle().adapt(BundleStartLevel.class).isPersistentlyStarted();
            return shuttingDown || stopped;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static String nodeName(String configured) {
        if (!configured.isBlank()) {
            return configured.trim();
        }
        // The kubelet's default: /etc/hostname, else the resolver's host name, in lower case.
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/hostname"));
            if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                return lines.get(0).trim().toLowerCase(Locale.ROOT);
            }
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            LOG.warn("Cannot read this machine's hostname ({}); set node.name in io.kuberaf.proxy.cfg", e.getMessage());
            return "localhost";
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(value -> !value.isEmpty()).toList();
    }
}
