package io.kuberaf.proxy;

import java.util.List;

/** The text of {@code kuberaf:proxy}: what each service port is programmed to, and with how many rules. */
final class ProxyTable {

    private ProxyTable() {
    }

    static String render(List<ServicePort> ports, String rules) {
        List<String> lines = rules.lines().filter(line -> line.startsWith("-A ")).toList();
        StringBuilder out = new StringBuilder();
        String format = "%-40s %-5s %-21s %-9s %-8s %5s  %s%n";
        out.append(String.format(format, "SERVICE PORT", "PROTO", "CLUSTER-IP:PORT", "NODE-PORT", "AFFINITY", "RULES", "ENDPOINTS"));
        for (ServicePort port : ports) {
            String id = "--comment \"" + port.id();
            long count = lines.stream().filter(line -> line.contains(id + "\"") || line.contains(id + " ")).count();
            out.append(String.format(format, port.id(), port.protocol(), port.clusterIp() + ":" + port.port(),
                    port.nodePort() > 0 ? String.valueOf(port.nodePort()) : "-",
                    port.affinitySeconds() > 0 ? port.affinitySeconds() + "s" : "-", count,
                    port.endpoints().isEmpty() ? "none (rejected)" : port.endpoints().toString()));
        }
        out.append(ports.size()).append(" service ports, ").append(lines.size()).append(" rules in the KUBERAF chains\n");
        return out.toString();
    }
}
