package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.kuberaf.apiserver.table.Cells.NONE;
import static io.kuberaf.apiserver.table.Cells.text;

/** v1 Service: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. PORT(S) reads "8080:30001/TCP". */
final class ServiceTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Type", Docs.SERVICE_SPEC_TYPE),
            Columns.string("Cluster-IP", Docs.SERVICE_SPEC_CLUSTER_IP),
            Columns.string("External-IP", Docs.SERVICE_SPEC_EXTERNAL_IPS),
            Columns.string("Port(s)", Docs.SERVICE_SPEC_PORTS),
            Columns.AGE,
            Columns.wide("Selector", Docs.SERVICE_SPEC_SELECTOR));

    /** How many characters of load balancer addresses fit the narrow output (kube-apiserver prints wide). */
    private static final int LOAD_BALANCER_WIDTH = 16;

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode service, Instant now) {
        JsonNode spec = service.path("spec");
        String type = type(spec);
        String clusterIp = text(spec.path("clusterIPs").path(0));
        if (clusterIp.isEmpty()) {
            clusterIp = text(spec.path("clusterIP"));
        }
        String ports = ports(spec.path("ports"));
        return List.of(Cells.name(service), type, clusterIp.isEmpty() ? NONE : clusterIp, externalIp(service, type, true),
                ports.isEmpty() ? NONE : ports, Cells.age(service, now), Cells.formatLabels(spec.path("selector")));
    }

    /** spec.type, which kube-apiserver defaults to ClusterIP. */
    private static String type(JsonNode spec) {
        return Cells.textOr(spec.path("type"), "ClusterIP");
    }

    /** "port/PROTO" or "port:nodePort/PROTO", comma separated; protocol defaults to TCP. */
    static String ports(JsonNode ports) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode port : ports) {
            String protocol = Cells.textOr(port.path("protocol"), "TCP");
            long nodePort = Cells.integer(port.path("nodePort"));
            pieces.add(nodePort > 0
                    ? Cells.integer(port.path("port")) + ":" + nodePort + "/" + protocol
                    : Cells.integer(port.path("port")) + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    static String externalIp(JsonNode service, String type, boolean wide) {
        JsonNode spec = service.path("spec");
        List<String> externalIps = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> externalIps.add(text(ip)));
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return externalIps.isEmpty() ? NONE : String.join(",", externalIps);
            }
            case "LoadBalancer" -> {
                String lbIps = loadBalancerIps(service.path("status").path("loadBalancer"), wide);
                if (!externalIps.isEmpty()) {
                    List<String> results = new ArrayList<>();
                    if (!lbIps.isEmpty()) {
                        results.addAll(List.of(lbIps.split(",")));
                    }
                    results.addAll(externalIps);
                    return String.join(",", results);
                }
                return lbIps.isEmpty() ? "<pending>" : lbIps;
            }
            case "ExternalName" -> {
                return text(spec.path("externalName"));
            }
            default -> {
                return Cells.UNKNOWN;
            }
        }
    }

    /** The ingress points' IPs (else hostnames), sorted and distinct, clipped to 16 characters unless wide. */
    private static String loadBalancerIps(JsonNode loadBalancer, boolean wide) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ingress : loadBalancer.path("ingress")) {
            if (!text(ingress.path("ip")).isEmpty()) {
                result.add(text(ingress.path("ip")));
            } else if (!text(ingress.path("hostname")).isEmpty()) {
                result.add(text(ingress.path("hostname")));
            }
        }
        String joined = String.join(",", result);
        if (!wide && joined.length() > LOAD_BALANCER_WIDTH) {
            joined = joined.substring(0, LOAD_BALANCER_WIDTH - 3) + "...";
        }
        return joined;
    }
}
