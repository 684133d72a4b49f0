package io.kuberaf.dns;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster DNS against a real apiserver: questions go over UDP and TCP to a server on 127.0.0.1 and
 * are asked with dnsjava's own resolver. Names outside the cluster go to a second server this test runs
 * as the upstream (never to the machine's resolver).
 */
class ClusterDnsTest {

    private static final String NS = "dns-test";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static DnsServer upstream;
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(48500);
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        upstream = new DnsServer(new TestUpstream(), new Forwarder(List.of(), Duration.ofSeconds(1)), 4);
        InetSocketAddress upstreamAddress = upstream.listen(new InetSocketAddress(LOOPBACK, 0));
        var informers = cluster.informers();
        ClusterRecords records = new ClusterRecords("cluster.local", 30, informers.informer(Service.class),
                informers.informer(EndpointSlice.class), informers.informer(Pod.class));
        server = new DnsServer(records, new Forwarder(List.of(upstreamAddress), Duration.ofSeconds(2)), 8);
        address = server.listen(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void serviceNameResolvesToItsClusterIp() throws Exception {
        Service web = createService("web", null, "http", 80);
        String clusterIp = web.getSpec().getClusterIP();

        Message answer = awaitAnswer("web." + NS + ".svc.cluster.local.", Type.A);

        assertEquals(List.of(clusterIp), addresses(answer));
        assertTrue(answer.getHeader().getFlag(Flags.AA));
    }

    @Test
    void headlessServiceAnswersOneRecordPerReadyEndpointAndNamesThem() throws Exception {
        createService("db", "None", "mysql", 3306);
        createSlice("db", List.of(endpoint("10.244.0.5", "db-0", true), endpoint("10.244.0.6", null, true),
                endpoint("10.244.0.7", "db-2", false)), "mysql", 3306);

        Message all = awaitAnswer("db." + NS + ".svc.cluster.local.", Type.A);
        assertEquals(Set.of("10.244.0.5", "10.244.0.6"), Set.copyOf(addresses(all)));

        assertEquals(List.of("10.244.0.5"), addresses(query("db-0.db." + NS + ".svc.cluster.local.", Type.A)));
        assertEquals(List.of("10.244.0.6"), addresses(query("10-244-0-6.db." + NS + ".svc.cluster.local.", Type.A)));
        assertEquals(Rcode.NXDOMAIN, query("db-2.db." + NS + ".svc.cluster.local.", Type.A).getRcode(),
                "a not-ready endpoint has no name");

        Message srv = query("_mysql._tcp.db." + NS + ".svc.cluster.local.", Type.SRV);
        Set<String> targets = srv.getSection(Section.ANSWER).stream()
                .map(record -> ((SRVRecord) record).getPort() + " " + ((SRVRecord) record).getTarget()).collect(Collectors.toSet());
        assertEquals(Set.of("3306 db-0.db." + NS + ".svc.cluster.local.", "3306 10-244-0-6.db." + NS + ".svc.cluster.local."), targets);
        assertEquals(2, srv.getSection(Section.ADDITIONAL).stream().filter(ARecord.class::isInstance).count());

        Message ptr = query(ReverseMap.fromAddress("10.244.0.5").toString(), Type.PTR);
        assertEquals(List.of("db-0.db." + NS + ".svc.cluster.local."), targets(ptr));
    }

    @Test
    void namedPortHasAnSrvRecordAndClusterIpAPtrRecord() throws Exception {
        Service api = createService("api", null, "https", 443);
        awaitAnswer("api." + NS + ".svc.cluster.local.", Type.A);

        Message srv = query("_https._tcp.api." + NS + ".svc.cluster.local.", Type.SRV);
        SRVRecord record = assertInstanceOf(SRVRecord.class, srv.getSection(Section.ANSWER).get(0));
        assertEquals(443, record.getPort());
        assertEquals("api." + NS + ".svc.cluster.local.", record.getTarget().toString());
        assertEquals(Rcode.NXDOMAIN, query("_https._udp.api." + NS + ".svc.cluster.local.", Type.SRV).getRcode());

        Message ptr = query(ReverseMap.fromAddress(api.getSpec().getClusterIP()).toString(), Type.PTR);
        assertEquals(List.of("api." + NS + ".svc.cluster.local."), targets(ptr));
    }

    @Test
    void podIpNameResolvesOnlyForAPodOfThatNamespace() throws Exception {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("p1").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPodIP("10.244.0.9")
                .withPodIPs(new PodIPBuilder().withIp("10.244.0.9").build()).build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();

        Message answer = awaitAnswer("10-244-0-9." + NS + ".pod.cluster.local.", Type.A);

        assertEquals(List.of("10.244.0.9"), addresses(answer));
        assertEquals(Rcode.NXDOMAIN, query("10-244-0-9.default.pod.cluster.local.", Type.A).getRcode());
        assertEquals(Rcode.NXDOMAIN, query("10-244-0-10." + NS + ".pod.cluster.local.", Type.A).getRcode());
    }

    @Test
    void externalNameServiceIsACname() throws Exception {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("ext").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("example.test").endSpec().build()).create();

        Message answer = awaitAnswer("ext." + NS + ".svc.cluster.local.", Type.A);

        CNAMERecord cname = assertInstanceOf(CNAMERecord.class, answer.getSection(Section.ANSWER).get(0));
        assertEquals("example.test.", cname.getTarget().toString());
        assertEquals(List.of("192.0.2.7"), addresses(answer), "the target's address, from the upstream");
    }

    @Test
    void unknownClusterNameIsNxDomainWithTheZoneSoa() throws Exception {
        Message answer = query("nosuch." + NS + ".svc.cluster.local.", Type.A);

        assertEquals(Rcode.NXDOMAIN, answer.getRcode());
        SOARecord soa = assertInstanceOf(SOARecord.class, answer.getSection(Section.AUTHORITY).get(0));
        assertEquals("cluster.local.", soa.getName().toString());
        assertEquals(Rcode.NXDOMAIN, query("www.example.com.cluster.local.", Type.A).getRcode(),
                "a search-path expansion of an outside name stays in the zone");
    }

    @Test
    void answerTooLargeForUdpIsTruncatedAndTheResolverGetsItOverTcp() throws Exception {
        createService("big", "None", "http", 80);
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            endpoints.add(endpoint("10.244.1." + i, null, true));
        }
        createSlice("big", endpoints, "http", 80);
        String name = "big." + NS + ".svc.cluster.local.";
        Await.until("60 endpoints served", () -> addresses(queryQuietly(name, true)).size() == 60);

        Message udpOnly = rawUdp(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        assertTrue(udpOnly.getHeader().getFlag(Flags.TC), "60 A records do not fit 512 bytes");

        assertEquals(60, addresses(query(name, Type.A)).size(), "the resolver retried over TCP");
    }

    @Test
    void namesOutsideTheClusterGoToTheUpstream() throws Exception {
        assertEquals(List.of("192.0.2.7"), addresses(query("example.test.", Type.A)));
        assertEquals(List.of("192.0.2.7"), addresses(tcpQuery("example.test.", Type.A)));
        Message unknown = query("nothing.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, unknown.getRcode());
        assertEquals("test.", unknown.getSection(Section.AUTHORITY).get(0).getName().toString(), "the upstream's answer");
    }

    @Test
    void kubeDnsServiceGetsItsClusterIpAndThisNodesGatewayAsEndpoint() throws Exception {
        client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("dns-node").endMetadata()
                .withNewSpec().withPodCIDR("10.244.3.0/24").endSpec().build()).create();
        String gateway = new NodeGateway(client, "dns-node").address();
        assertEquals("10.244.3.1", gateway);
        KubeDnsService kubeDns = new KubeDnsService(client, "10.96.0.10", "dns-node");

        kubeDns.publish(gateway, 5353);

        Service service = client.services().inNamespace("kube-system").withName("kube-dns").get();
        assertEquals("10.96.0.10", service.getSpec().getClusterIP());
        assertEquals(Set.of("dns/UDP/53->5353", "dns-tcp/TCP/53->5353"), service.getSpec().getPorts().stream()
                .map(port -> port.getName() + "/" + port.getProtocol() + "/" + port.getPort() + "->" + port.getTargetPort().getIntVal())
                .collect(Collectors.toSet()));
        assertEquals(null, service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty() ? null : "selector");
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("kube-system").withName("kube-dns-dns-node").get();
        assertEquals(List.of("10.244.3.1"), slice.getEndpoints().get(0).getAddresses());
        var endpoints = client.endpoints().inNamespace("kube-system").withName("kube-dns").get();
        assertEquals("10.244.3.1", endpoints.getSubsets().get(0).getAddresses().get(0).getIp());
        assertEquals(Set.of(5353), endpoints.getSubsets().get(0).getPorts().stream().map(port -> port.getPort()).collect(Collectors.toSet()));

        String sliceVersion = slice.getMetadata().getResourceVersion();
        String endpointsVersion = endpoints.getMetadata().getResourceVersion();
        kubeDns.publish(gateway, 5353);
        assertEquals(sliceVersion, client.discovery().v1().endpointSlices().inNamespace("kube-system").withName("kube-dns-dns-node")
                .get().getMetadata().getResourceVersion(), "an unchanged endpoint is not written again");
        assertEquals(endpointsVersion, client.endpoints().inNamespace("kube-system").withName("kube-dns").get()
                .getMetadata().getResourceVersion());

        kubeDns.withdraw(5353);
        assertEquals(null, client.discovery().v1().endpointSlices().inNamespace("kube-system").withName("kube-dns-dns-node").get());
        assertTrue(client.endpoints().inNamespace("kube-system").withName("kube-dns").get().getSubsets().isEmpty());
    }

    @Test
    void upstreamsComeFromResolvConfWithoutTheServersOwnAddresses() throws Exception {
        java.nio.file.Path resolvConf = java.nio.file.Files.createTempFile("resolv", ".conf");
        try {
            java.nio.file.Files.writeString(resolvConf, "# comment\nsearch example\nnameserver 127.0.0.1\nnameserver 192.0.2.53\n"
                    + "nameserver fe80::1%eth0\noptions ndots:2\n");
            List<InetSocketAddress> upstreams = Upstreams.of("", resolvConf, List.of(new InetSocketAddress(LOOPBACK, 53)));
            assertEquals(List.of("192.0.2.53:53", "fe80:0:0:0:0:0:0:1:53"), upstreams.stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList());
            assertEquals(List.of(new InetSocketAddress(LOOPBACK, 5300), new InetSocketAddress(InetAddress.getByName("::1"), 53)),
                    Upstreams.of("127.0.0.1:5300, [::1]", resolvConf, List.of()));
        } finally {
            java.nio.file.Files.delete(resolvConf);
        }
    }

    // ---- fixtures ----

    private static Service createService(String name, String clusterIp, String portName, int port) {
        return client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort()
                .endSpec().build()).create();
    }

    private static void createSlice(String service, List<Endpoint> endpoints, String portName, int port) {
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(new EndpointSliceBuilder().withNewMetadata()
                .withName(service + "-x1").addToLabels(ClusterRecords.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints)
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().build()).create();
    }

    private static Endpoint endpoint(String ip, String hostname, boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions().withReady(ready).endConditions().build();
    }

    // ---- questions ----

    private static Message awaitAnswer(String name, int type) {
        return Await.await(name + " answered", () -> {
            Message answer = queryQuietly(name, false);
            return answer != null && answer.getRcode() == Rcode.NOERROR && !answer.getSection(Section.ANSWER).isEmpty() ? answer : null;
        });
    }

    private static Message queryQuietly(String name, boolean tcp) {
        try {
            return tcp ? tcpQuery(name, Type.A) : query(name, Type.A);
        } catch (IOException e) {
            return null;
        }
    }

    private static Message query(String name, int type) throws IOException {
        return resolver(false).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static Message tcpQuery(String name, int type) throws IOException {
        return resolver(true).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static SimpleResolver resolver(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    /** A plain 512-byte UDP exchange, without the resolver's TCP retry. */
    private static Message rawUdp(Message query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, address));
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            return new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        }
    }

    private static List<String> addresses(Message answer) {
        return answer == null ? List.of() : answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress()).toList();
    }

    private static List<String> targets(Message ptr) {
        return ptr.getSection(Section.ANSWER).stream().map(record -> ((PTRRecord) record).getTarget().toString()).toList();
    }

    /** The stand-in for the node's resolver: knows example.test only. */
    private static final class TestUpstream implements Authority {

        @Override
        public Answer lookup(Name name, int type) {
            if (name.toString().equalsIgnoreCase("example.test.") && type == Type.A) {
                try {
                    return Answer.of(List.of(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.7"))));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Answer.nxDomain();
        }

        @Override
        public SOARecord soa(Name name) {
            Name zone = ClusterRecords.absolute("test");
            return new SOARecord(zone, DClass.IN, 60, ClusterRecords.absolute("ns.test"), ClusterRecords.absolute("hostmaster.test"),
                    1, 7200, 1800, 86400, 60);
        }
    }
}
