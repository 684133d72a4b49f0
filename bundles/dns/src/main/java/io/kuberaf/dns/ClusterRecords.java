package io.kuberaf.dns;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cluster's names, answered from the informer caches as Kubernetes' DNS specification defines them
 * (github.com/kubernetes/dns, docs/specification.md):
 * <ul>
 * <li>{@code <svc>.<ns>.svc.<domain>}: A/AAAA of the ClusterIP; of each ready endpoint for a headless
 * service; a CNAME for an ExternalName service;</li>
 * <li>{@code <hostname>.<svc>.<ns>.svc.<domain>}: an endpoint of the service by its hostname (pods with
 * hostname + subdomain, StatefulSet pods) or by its dashed IP ({@code 10-244-0-5});</li>
 * <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<domain>}: SRV for a named port;</li>
 * <li>{@code a-b-c-d.<ns>.pod.<domain>}: A of a pod of that namespace with that IP;</li>
 * <li>PTR for ClusterIPs and endpoint IPs.</li>
 * </ul>
 * Any other name in the domain is NXDOMAIN; names outside it, and reverse names of other IPs, are not
 * the cluster's (null: forwarded).
 */
final class ClusterRecords implements Authority {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final String domain;
    private final Name zone;
    private final long ttl;
    private final long serial = Instant.now().getEpochSecond();
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final SharedIndexInformer<Pod> pods;

    ClusterRecords(String domain, long ttl, SharedIndexInformer<Service> services,
                   SharedIndexInformer<EndpointSlice> slices, SharedIndexInformer<Pod> pods) {
        this.domain = trimDots(domain).toLowerCase(Locale.ROOT);
        this.zone = absolute(this.domain);
        this.ttl = ttl;
        this.services = services;
        this.slices = slices;
        this.pods = pods;
    }

    @Override
    public Answer lookup(Name name, int type) {
        String fqdn = trimDots(name.toString(true)).toLowerCase(Locale.ROOT);
        if (fqdn.endsWith(".in-addr.arpa") || fqdn.endsWith(".ip6.arpa")) {
            return type == Type.PTR || type == Type.ANY ? reverse(name) : null;
        }
        if (fqdn.equals(domain)) {
            return apex(type);
        }
        if (!fqdn.endsWith("." + domain)) {
            return null;
        }
        List<String> labels = Arrays.asList(fqdn.substring(0, fqdn.length() - domain.length() - 1).split("\\."));
        return inZone(labels, type);
    }

    @Override
    public SOARecord soa(Name name) {
        return new SOARecord(zone, DClass.IN, ttl, nameserver(), absolute("hostmaster." + domain), serial, 7200, 1800, 86400, ttl);
    }

    private Answer apex(int type) {
        if (type == Type.SOA) {
            return Answer.of(List.of(soa(zone)));
        }
        if (type == Type.NS) {
            return Answer.of(List.of(new NSRecord(zone, DClass.IN, ttl, nameserver())));
        }
        return Answer.noData();
    }

    /** Labels left of the domain, e.g. [web, default, svc]. */
    private Answer inZone(List<String> labels, int type) {
        int n = labels.size();
        String kind = labels.get(n - 1);
        if (!kind.equals("svc") && !kind.equals("pod")) {
            return Answer.nxDomain();
        }
        if (n <= 2) {
            return Answer.noData();  // svc.<domain>, <ns>.svc.<domain>: names with names below them
        }
        String namespace = labels.get(n - 2);
        if (kind.equals("pod")) {
            return n == 3 ? pod(labels.get(0), namespace, type) : Answer.nxDomain();
        }
        String serviceName = labels.get(n - 3);
        Service service = services.getStore().getByKey(namespace + "/" + serviceName);
        if (service == null) {
            return Answer.nxDomain();
        }
        if (n == 3) {
            return service(service, type);
        }
        if (n == 4) {
            return endpointByName(service, labels.get(0), type);
        }
        if (n == 5 && labels.get(0).startsWith("_") && labels.get(1).startsWith("_")) {
            return srv(service, labels.get(0).substring(1), labels.get(1).substring(1), type);
        }
        return Answer.nxDomain();
    }

    // ---- services ----

    private Answer service(Service service, int type) {
        Name name = serviceName(service);
        if ("ExternalName".equals(service.getSpec().getType())) {
            return externalName(service, name);
        }
        if (type == Type.SRV) {
            return srv(service, null, null, type);
        }
        if (isHeadless(service)) {
            return Answer.of(addresses(name, readyEndpoints(service).stream()
                    .flatMap(endpoint -> endpoint.getAddresses().stream()).toList(), type));
        }
        return Answer.of(addresses(name, clusterIps(service), type));
    }

    private Answer externalName(Service service, Name name) {
        String target = service.getSpec().getExternalName();
        if (target == null || target.isBlank()) {
            return Answer.noData();
        }
        try {
            return Answer.of(List.of(new CNAMERecord(name, DClass.IN, ttl, absolute(target))));
        } catch (IllegalArgumentException e) {
            return Answer.noData();  // not a DNS name: nothing to alias
        }
    }

    private Answer endpointByName(Service service, String label, int type) {
        Name name = absolute(label + "." + serviceName(service));
        List<String> ips = readyEndpoints(service).stream()
                .flatMap(endpoint -> endpoint.getAddresses().stream().filter(ip -> label.equals(endpointLabel(endpoint, ip))))
                .toList();
        return ips.isEmpty() ? Answer.nxDomain() : Answer.of(addresses(name, ips, type));
    }

    /** SRV records for one named port (port and protocol given) or for all named ports (both null). */
    private Answer srv(Service service, String portName, String protocol, int type) {
        List<ServicePort> ports = servicePorts(service).stream()
                .filter(port -> port.getName() != null && !port.getName().isEmpty())
                .filter(port -> portName == null || port.getName().equalsIgnoreCase(portName)
                        && protocolOf(port.getProtocol()).equalsIgnoreCase(protocol))
                .toList();
        if (ports.isEmpty()) {
            return portName == null ? Answer.noData() : Answer.nxDomain();
        }
        if (type != Type.SRV && type != Type.ANY) {
            return Answer.noData();
        }
        Name owner = portName == null ? serviceName(service)
                : absolute("_" + portName + "._" + protocol + "." + serviceName(service));
        List<Record> answers = new ArrayList<>();
        Set<Record> additional = new LinkedHashSet<>();
        for (ServicePort port : ports) {
            if (isHeadless(service)) {
                headlessSrv(service, port, owner, answers, additional);
            } else {
                answers.add(new SRVRecord(owner, DClass.IN, ttl, 0, 100, port.getPort(), serviceName(service)));
                additional.addAll(addresses(serviceName(service), clusterIps(service), Type.ANY));
            }
        }
        return Answer.of(answers, new ArrayList<>(additional));
    }

    private void headlessSrv(Service service, ServicePort port, Name owner, List<Record> answers, Set<Record> additional) {
        List<EndpointSlice> own = slicesOf(service);
        int count = (int) own.stream().mapToLong(slice -> readyIn(service, slice).count()).sum();
        int weight = Math.max(1, 100 / Math.max(1, count));
        for (EndpointSlice slice : own) {
            Integer number = slicePort(slice, port);
            if (number == null) {
                continue;
            }
            readyIn(service, slice).forEach(endpoint -> endpoint.getAddresses().forEach(ip -> {
                Name target = absolute(endpointLabel(endpoint, ip) + "." + serviceName(service));
                answers.add(new SRVRecord(owner, DClass.IN, ttl, 0, weight, number, target));
                additional.addAll(addresses(target, List.of(ip), Type.ANY));
            }));
        }
    }

    private static Integer slicePort(EndpointSlice slice, ServicePort port) {
        for (EndpointPort candidate : list(slice.getPorts())) {
            if (Objects.equals(candidate.getName(), port.getName())
                    && protocolOf(candidate.getProtocol()).equalsIgnoreCase(protocolOf(port.getProtocol()))) {
                return candidate.getPort();
            }
        }
        return null;
    }

    // ---- pods ----

    private Answer pod(String dashed, String namespace, int type) {
        InetAddress address = undash(dashed);
        if (address == null) {
            return Answer.nxDomain();
        }
        String ip = address.getHostAddress();
        boolean exists = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .anyMatch(pod -> podIps(pod).stream().anyMatch(podIp -> sameAddress(podIp, ip)));
        if (!exists) {
            return Answer.nxDomain();
        }
        return Answer.of(addresses(absolute(dashed + "." + namespace + ".pod." + domain), List.of(ip), type));
    }

    private static List<String> podIps(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>(list(pod.getStatus().getPodIPs()).stream().map(PodIP::getIp).filter(Objects::nonNull).toList());
        if (pod.getStatus().getPodIP() != null) {
            ips.add(pod.getStatus().getPodIP());
        }
        return ips;
    }

    // ---- reverse ----

    private Answer reverse(Name name) {
        InetAddress address;
        try {
            address = ReverseMap.fromName(name);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
        String ip = address.getHostAddress();
        Set<Name> targets = new LinkedHashSet<>();
        for (Service service : services.getStore().list()) {
            if (clusterIps(service).stream().anyMatch(clusterIp -> sameAddress(clusterIp, ip))) {
                targets.add(serviceName(service));
            }
        }
        for (EndpointSlice slice : slices.getStore().list()) {
            String serviceName = labels(slice).get(SERVICE_NAME_LABEL);
            if (serviceName == null) {
                continue;
            }
            Name service = absolute(serviceName + "." + slice.getMetadata().getNamespace() + ".svc." + domain);
            for (Endpoint endpoint : list(slice.getEndpoints())) {
                list(endpoint.getAddresses()).stream().filter(candidate -> sameAddress(candidate, ip))
                        .forEach(candidate -> targets.add(absolute(endpointLabel(endpoint, candidate) + "." + service)));
            }
        }
        if (targets.isEmpty()) {
            return null;  // not a cluster address: the upstream may know it
        }
        Name owner = ReverseMap.fromAddress(address);
        return Answer.of(targets.stream().<Record>map(target -> new PTRRecord(owner, DClass.IN, ttl, target)).toList());
    }

    // ---- helpers ----

    private List<Record> addresses(Name name, List<String> ips, int type) {
        List<Record> records = new ArrayList<>();
        for (String ip : new LinkedHashSet<>(ips)) {
            InetAddress address = parse(ip);
            if (address instanceof Inet4Address && (type == Type.A || type == Type.ANY)) {
                records.add(new ARecord(name, DClass.IN, ttl, address));
            } else if (address instanceof Inet6Address && (type == Type.AAAA || type == Type.ANY)) {
                records.add(new AAAARecord(name, DClass.IN, ttl, address));
            }
        }
        return records;
    }

    private List<Endpoint> readyEndpoints(Service service) {
        return slicesOf(service).stream().flatMap(slice -> readyIn(service, slice)).toList();
    }

    private static java.util.stream.Stream<Endpoint> readyIn(Service service, EndpointSlice slice) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        Predicate<Endpoint> ready = endpoint -> publishNotReady || endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        return list(slice.getEndpoints()).stream().filter(endpoint -> endpoint.getAddresses() != null).filter(ready);
    }

    private List<EndpointSlice> slicesOf(Service service) {
        String name = service.getMetadata().getName();
        return slices.getIndexer().byIndex(Cache.NAMESPACE_INDEX, service.getMetadata().getNamespace()).stream()
                .filter(slice -> name.equals(labels(slice).get(SERVICE_NAME_LABEL)))
                .toList();
    }

    /** An endpoint's name under its service: its hostname, else its IP with dashes (10-244-0-5). */
    private static String endpointLabel(Endpoint endpoint, String ip) {
        if (endpoint.getHostname() != null && !endpoint.getHostname().isEmpty()) {
            return endpoint.getHostname().toLowerCase(Locale.ROOT);
        }
        return ip.replace('.', '-').replace(':', '-');
    }

    private static InetAddress undash(String dashed) {
        String[] parts = dashed.split("-", -1);
        String ip = parts.length == 4 ? String.join(".", parts) : dashed.replace('-', ':');
        if (parts.length == 4 && !Arrays.stream(parts).allMatch(part -> part.matches("\\d{1,3}"))) {
            return null;
        }
        if (parts.length != 4 && !ip.matches("[0-9a-f:]+")) {
            return null;
        }
        return parse(ip);
    }

    private static boolean sameAddress(String a, String b) {
        InetAddress left = parse(a);
        return left != null && left.equals(parse(b));
    }

    /** A literal IP (never a name lookup); null when the text is not one. */
    private static InetAddress parse(String ip) {
        if (ip == null || ip.isEmpty() || !ip.matches("[0-9a-fA-F.:]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static boolean isHeadless(Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    private static List<String> clusterIps(Service service) {
        List<String> ips = new ArrayList<>(list(service.getSpec().getClusterIPs()));
        if (ips.isEmpty() && service.getSpec().getClusterIP() != null) {
            ips.add(service.getSpec().getClusterIP());
        }
        ips.removeIf(ip -> "None".equals(ip) || ip.isEmpty());
        return ips;
    }

    private static List<ServicePort> servicePorts(Service service) {
        return list(service.getSpec().getPorts());
    }

    private static String protocolOf(String protocol) {
        return protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    }

    private Name serviceName(Service service) {
        return absolute(service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc." + domain);
    }

    private Name nameserver() {
        return absolute("ns.dns." + domain);
    }

    private static Map<String, String> labels(EndpointSlice slice) {
        return slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    private static String trimDots(String name) {
        String trimmed = name.trim();
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(trimDots(name) + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }
}
