package io.kuberaf.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The kernel settings the rules need on the node's pod bridges: {@code forwarding} (a pod's packet to a
 * cluster IP is routed back out through the host) and {@code route_localnet} (127.0.0.1:nodePort is
 * DNATed to a pod, so a packet from 127.0.0.1 leaves through the bridge before it is masqueraded).
 * Only these interfaces are changed, never the global ip_forward. The previous values are remembered
 * (in a state file, so that a proxy instance that took over from another still knows them) and put back
 * by {@link #restore()}. The bridges' ports get hairpin mode: a pod that reaches itself through a cluster
 * IP has its packet sent back out of the port it came in through.
 */
final class NodeNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(NodeNetwork.class);
    static final String BRIDGE_NF_CALL_IPTABLES = "net.bridge.bridge-nf-call-iptables";

    private final Iptables commands;
    private final Path stateFile;
    private final Map<String, String> previous = new LinkedHashMap<>();
    private boolean bridgeNetfilterWarned;

    /** @param stateFile where the values before the first change are kept; null: in memory only */
    NodeNetwork(Iptables commands, Path stateFile) {
        this.commands = commands;
        this.stateFile = stateFile;
        load();
    }

    /** The configured interfaces, or else those holding an address in the pod CIDR (the pod bridge). */
    List<String> bridges(List<String> configured, Cidr podCidr) {
        if (!configured.isEmpty() || podCidr == null) {
            return configured;
        }
        return interfacesIn(commands.addresses(), podCidr);
    }

    static List<String> interfacesIn(String addresses, Cidr cidr) {
        List<String> names = new ArrayList<>();
        for (String line : addresses.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            for (int i = 2; i + 1 < fields.length; i++) {
                if ("inet".equals(fields[i]) && cidr.contains(fields[i + 1].split("/")[0]) && !names.contains(fields[1])) {
                    names.add(fields[1]);
                }
            }
        }
        return names;
    }

    /** Sets forwarding (and route_localnet when wanted) on each interface; returns what it changed. */
    List<String> ensure(List<String> interfaces, boolean routeLocalnet) {
        List<String> changed = new ArrayList<>();
        for (String name : interfaces) {
            set("net.ipv4.conf." + name + ".forwarding", changed);
            if (routeLocalnet) {
                set("net.ipv4.conf." + name + ".route_localnet", changed);
            }
            hairpin(name);
        }
        if (!changed.isEmpty()) {
            save();
        }
        checkBridgeNetfilter();
        return changed;
    }

    private void hairpin(String bridge) {
        Iptables.Result ports = commands.run(null, "ip", "-d", "-o", "link", "show", "master", bridge);
        if (ports.exitCode() != 0) {
            return;
        }
        for (String line : ports.stdout().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && line.contains("hairpin off")) {
                String port = fields[1].replaceAll("[:@].*$", "");
                commands.run(null, "ip", "link", "set", "dev", port, "type", "bridge_slave", "hairpin", "on").requireSuccess();
                LOG.info("Hairpin mode on for port {} of {} (a pod may reach itself through its service)", port, bridge);
            }
        }
    }

    /** Puts back the values this object changed (interfaces that are gone are skipped). */
    void restore() {
        previous.forEach((key, value) -> {
            if (commands.sysctl(key) != null) {
                try {
                    commands.setSysctl(key, value);
                    LOG.info("Restored {} = {}", key, value);
                } catch (RuntimeException e) {
                    LOG.warn("Could not restore {} to {}: {}", key, value, e.getMessage());
                }
            }
        });
        previous.clear();
        if (stateFile != null) {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", stateFile, e.getMessage());
            }
        }
    }

    private void load() {
        if (stateFile == null || !Files.isRegularFile(stateFile)) {
            return;
        }
        Properties saved = new Properties();
        try (Reader reader = Files.newBufferedReader(stateFile)) {
            saved.load(reader);
            saved.stringPropertyNames().stream().sorted().forEach(key -> previous.put(key, saved.getProperty(key)));
        } catch (IOException e) {
            LOG.warn("Cannot read the interface settings to restore from {}: {}", stateFile, e.getMessage());
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        Properties state = new Properties();
        state.putAll(previous);
        try (Writer writer = Files.newBufferedWriter(stateFile)) {
            state.store(writer, "Values of the interface settings before the Kuberaf proxy changed them");
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", stateFile, e.getMessage());
        }
    }

    private void set(String key, List<String> changed) {
        String value = commands.sysctl(key);
        if (value == null) {
            LOG.warn("Interface setting {} does not exist; is the interface gone?", key);
            return;
        }
        if (!"1".equals(value)) {
            commands.setSysctl(key, "1");
            previous.putIfAbsent(key, value);
            changed.add(key);
            LOG.info("Set {} = 1 (was {})", key, value);
        }
    }

    /**
     * Without br_netfilter, a reply between two pods of one bridge skips conntrack and the client sees
     * the server pod's address instead of the cluster IP: say so once (masquerade.all = true avoids it).
     */
    private void checkBridgeNetfilter() {
        String value = commands.sysctl(BRIDGE_NF_CALL_IPTABLES);
        if (!"1".equals(value) && !bridgeNetfilterWarned) {
            bridgeNetfilterWarned = true;
            LOG.warn("{} is {}: a pod reaching a service whose endpoint is on the same bridge will not get its replies;"
                    + " load br_netfilter and set it to 1, or set masquerade.all = true in io.kuberaf.proxy.cfg",
                    BRIDGE_NF_CALL_IPTABLES, value == null ? "missing (br_netfilter not loaded)" : value);
        }
    }
}
