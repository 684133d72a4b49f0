package io.kuberaf.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the whole ruleset of the proxy as {@code iptables-restore --noflush} input: every chain of
 * ours is declared (which flushes it) and filled again, chains of services and endpoints that are gone
 * are deleted, and the built-in chains are left alone. Applied in one transaction per restore, so
 * packets see either the old rules or the new ones.
 *
 * <p>nat: {@code KUBERAF-SERVICES} (hooked from PREROUTING and OUTPUT) matches cluster IP:port and
 * sends local-address traffic on to {@code KUBERAF-NODEPORTS}; both lead to a service's
 * {@code KUBERAF-SVC-*} chain, which picks a {@code KUBERAF-SEP-*} endpoint chain at random (equal
 * shares) or by session affinity; the endpoint chain DNATs. Packets that must be masqueraded get the
 * mark in {@code KUBERAF-MARK-MASQ}; {@code KUBERAF-POSTROUTING} masquerades marked packets.
 * filter: {@code KUBERAF-SERVICES} and {@code KUBERAF-EXTERNAL-SERVICES} reject service ports without
 * ready endpoints at once; {@code KUBERAF-FORWARD} accepts service and pod traffic;
 * {@code KUBERAF-FIREWALL} drops off-host packets to 127.0.0.0/8 (route_localnet opens that door).
 */
final class Ruleset {

    /**
     * What the rules depend on besides the services.
     *
     * @param podCidr         the node's pod CIDR (traffic from it is local); null when unknown: then all
     *                        cluster-IP traffic is masqueraded
     * @param masqueradeAll   masquerade every packet sent to a cluster IP
     * @param mark            the packet mark bit that asks for masquerading
     * @param localhostNodePorts node ports answer on 127.0.0.1 (adds the firewall rule route_localnet needs)
     */
    record Settings(Cidr serviceCidr, Cidr podCidr, boolean masqueradeAll, int mark, boolean localhostNodePorts) {
    }

    private final Settings settings;
    private final Chains chains;
    private final String mark;

    Ruleset(Settings settings, Chains chains) {
        this.settings = settings;
        this.chains = chains;
        this.mark = "0x" + Integer.toHexString(settings.mark());
    }

    /**
     * The restore input for both tables.
     *
     * @param existingNat    chains of ours now in the nat table (stale ones are deleted)
     * @param existingFilter chains of ours now in the filter table
     */
    String render(List<ServicePort> ports, Collection<String> existingNat, Collection<String> existingFilter) {
        return nat(ports, existingNat) + filter(ports, existingFilter);
    }

    /** The input that flushes and deletes every chain of ours (the jumps to them must be gone first). */
    static String removal(Collection<String> existingNat, Collection<String> existingFilter) {
        return removal("nat", existingNat) + removal("filter", existingFilter);
    }

    private static String removal(String table, Collection<String> existing) {
        if (existing.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("*").append(table).append('\n');
        existing.forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
        existing.forEach(chain -> out.append("-X ").append(chain).append('\n'));
        return out.append("COMMIT\n").toString();
    }

    private String nat(List<ServicePort> ports, Collection<String> existing) {
        Table table = new Table("nat", chains.natBase);
        table.rule(chains.markMasq, "-j MARK --or-mark " + mark);
        table.rule(chains.postrouting, "-m mark ! --mark " + mark + "/" + mark + " -j RETURN");
        // Cleared so that a packet that passes the nat table again is not masqueraded twice.
        table.rule(chains.postrouting, "-j MARK --xor-mark " + mark);
        table.rule(chains.postrouting, "-m comment --comment \"kuberaf service traffic requiring SNAT\" -j MASQUERADE --random-fully");
        for (ServicePort port : ports) {
            if (!port.endpoints().isEmpty()) {
                natRules(table, port);
            }
        }
        table.rule(chains.services, "-m comment --comment \"kuberaf service nodeports; must be the last rule of this chain\""
                + " -m addrtype --dst-type LOCAL -j " + chains.nodePorts);
        return table.render(existing);
    }

    private void natRules(Table table, ServicePort port) {
        String svc = chains.serviceChain(port);
        table.chain(svc);
        String comment = comment(port.id() + " cluster IP");
        String clusterMatch = "-d " + port.clusterIp() + "/32 -p " + port.protocol() + " " + comment + " -m "
                + port.protocol() + " --dport " + port.port();
        table.rule(chains.services, clusterMatch + " -j " + svc);
        if (settings.masqueradeAll() || settings.podCidr() == null) {
            table.rule(svc, clusterMatch + " -j " + chains.markMasq);
        } else {
            table.rule(svc, "! -s " + settings.podCidr() + " " + clusterMatch + " -j " + chains.markMasq);
        }
        if (port.nodePort() > 0) {
            String nodeMatch = "-p " + port.protocol() + " " + comment(port.id()) + " -m " + port.protocol()
                    + " --dport " + port.nodePort();
            table.rule(chains.nodePorts, nodeMatch + " -j " + chains.markMasq);
            table.rule(chains.nodePorts, nodeMatch + " -j " + svc);
        }
        List<ServicePort.Endpoint> endpoints = port.endpoints();
        if (port.affinitySeconds() > 0) {
            for (ServicePort.Endpoint endpoint : endpoints) {
                String sep = chains.endpointChain(port, endpoint);
                table.rule(svc, comment(port.id() + " -> " + endpoint) + " -m recent --name " + sep
                        + " --rcheck --seconds " + port.affinitySeconds() + " --reap -j " + sep);
            }
        }
        for (int i = 0; i < endpoints.size(); i++) {
            ServicePort.Endpoint endpoint = endpoints.get(i);
            String sep = chains.endpointChain(port, endpoint);
            String pick = i == endpoints.size() - 1 ? ""
                    : " -m statistic --mode random --probability " + probability(endpoints.size() - i);
            table.rule(svc, comment(port.id() + " -> " + endpoint) + pick + " -j " + sep);
            endpointRules(table, port, endpoint, sep);
        }
    }

    private void endpointRules(Table table, ServicePort port, ServicePort.Endpoint endpoint, String sep) {
        table.chain(sep);
        // A pod that reaches itself through its service (hairpin) must see the reply come from the service.
        table.rule(sep, "-s " + endpoint.ip() + "/32 " + comment(port.id()) + " -j " + chains.markMasq);
        String affinity = port.affinitySeconds() > 0 ? " -m recent --name " + sep + " --set --rsource" : "";
        table.rule(sep, "-p " + port.protocol() + " " + comment(port.id()) + affinity + " -m " + port.protocol()
                + " -j DNAT --to-destination " + endpoint);
    }

    private String filter(List<ServicePort> ports, Collection<String> existing) {
        Table table = new Table("filter", chains.filterBase);
        for (ServicePort port : ports) {
            if (port.endpoints().isEmpty()) {
                String comment = comment(port.id() + " has no endpoints");
                String reject = " -j REJECT --reject-with " + ("tcp".equals(port.protocol()) ? "tcp-reset" : "icmp-port-unreachable");
                table.rule(chains.services, "-d " + port.clusterIp() + "/32 -p " + port.protocol() + " " + comment + " -m "
                        + port.protocol() + " --dport " + port.port() + reject);
                if (port.nodePort() > 0) {
                    table.rule(chains.externalServices, "-m addrtype --dst-type LOCAL -p " + port.protocol() + " " + comment
                            + " -m " + port.protocol() + " --dport " + port.nodePort() + reject);
                }
            }
        }
        // Nothing sent to the service range that no service port took leaves the node.
        String unallocated = comment("no service at this cluster IP and port");
        table.rule(chains.services, "-d " + settings.serviceCidr() + " -p tcp " + unallocated + " -j REJECT --reject-with tcp-reset");
        table.rule(chains.services, "-d " + settings.serviceCidr() + " " + unallocated + " -j REJECT --reject-with icmp-port-unreachable");
        table.rule(chains.forward, comment("kuberaf service traffic to masquerade") + " -m mark --mark " + mark + "/" + mark + " -j ACCEPT");
        table.rule(chains.forward, comment("kuberaf service traffic") + " -m conntrack --ctstate DNAT -j ACCEPT");
        table.rule(chains.forward, comment("kuberaf replies") + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        if (settings.podCidr() != null) {
            table.rule(chains.forward, "-s " + settings.podCidr() + " " + comment("kuberaf pod traffic") + " -j ACCEPT");
            table.rule(chains.forward, "-d " + settings.podCidr() + " " + comment("kuberaf pod traffic") + " -j ACCEPT");
        }
        if (settings.localhostNodePorts()) {
            table.rule(chains.firewall, "! -s 127.0.0.0/8 -d 127.0.0.0/8 " + comment("block incoming localnet connections")
                    + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
        }
        return table.render(existing);
    }

    /** 1/n with ten decimals, as the statistic match takes it. */
    static String probability(int n) {
        return String.format(Locale.ROOT, "%.10f", 1.0 / n);
    }

    private static String comment(String text) {
        return "-m comment --comment \"" + text + "\"";
    }

    /** The chains and rules of one table, in order. */
    private final class Table {
        private final String name;
        private final Set<String> declared = new LinkedHashSet<>();
        private final List<String> rules = new ArrayList<>();

        Table(String name, List<String> base) {
            this.name = name;
            declared.addAll(base);
        }

        void chain(String chain) {
            declared.add(chain);
        }

        void rule(String chain, String rule) {
            rules.add("-A " + chain + " " + rule);
        }

        String render(Collection<String> existing) {
            StringBuilder out = new StringBuilder("*").append(name).append('\n');
            List<String> stale = existing.stream().filter(chain -> Ruleset.this.chains.owned(chain) && !declared.contains(chain)).sorted().toList();
            declared.forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
            stale.forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
            rules.forEach(rule -> out.append(rule).append('\n'));
            stale.forEach(chain -> out.append("-X ").append(chain).append('\n'));
            return out.append("COMMIT\n").toString();
        }
    }
}
