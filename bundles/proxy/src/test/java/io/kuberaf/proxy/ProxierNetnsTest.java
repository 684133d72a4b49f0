package io.kuberaf.proxy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.testing.Await;
import io.kuberaf.client.testing.ClusterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy against a real apiserver, programming a "node" that is a network namespace of this test:
 * a bridge kbr0 (10.250.0.1/24, the node's pod CIDR) and a dead-end uplink, with two "pods" (namespaces with a veth each,
 * busybox httpd on port 8080 answering their name). The host's own tables and settings are not touched.
 * Needs root, iproute2, iptables and busybox (httpd, wget).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxierNetnsTest {

    private static final int IGNITE_PORT_BASE = 48400;
    private static final String NODE_NS = "kuberaf-proxy-test-" + ProcessHandle.current().pid();
    private static final String POD_A = NODE_NS + "-a";
    private static final String POD_B = NODE_NS + "-b";
    private static final String NODE = "proxy-test-node";
    private static final String KEEP_RULE = "-s 10.99.99.99/32 -j ACCEPT";

    private static final Path STATE = Path.of("target", "proxy-test-interface-settings.properties");

    private static ClusterFixture cluster;
    private static KubernetesClient client;
    private static Iptables node;
    private static final List<Process> servers = new ArrayList<>();
    private static final List<Path> pages = new ArrayList<>();
    private static Proxier proxier;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterFixture.start(IGNITE_PORT_BASE);
        client = cluster.client();
        node = new Iptables(NODE_NS);
        createNamespaces();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata()
                .withNewSpec().withPodCIDR("10.250.0.0/24").endSpec().build()).create();
        Files.deleteIfExists(STATE);
        proxier = newProxier();
        proxier.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxier != null) {
            proxier.close(true);
        }
        servers.forEach(Process::destroy);
        for (Path www : pages) {
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
        for (String ns : List.of(POD_A, POD_B, NODE_NS)) {
            host("ip", "netns", "del", ns);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void clusterIpAndNodePortReachEveryEndpointFromTheNodeAndFromPods() {
        Service web = createService("web", "NodePort", null);
        setEndpoints("web", "10.250.0.2", "10.250.0.3");
        String clusterIp = web.getSpec().getClusterIP();
        int nodePort = web.getSpec().getPorts().get(0).getNodePort();

        assertEquals(Set.of("pod-a", "pod-b"), answers(NODE_NS, "http://" + clusterIp + "/"), "from the node");
        assertEquals(Set.of("pod-a", "pod-b"), answers(NODE_NS, "http://127.0.0.1:" + nodePort + "/"), "localhost node port");
        assertEquals(Set.of("pod-a", "pod-b"), answers(POD_A, "http://" + clusterIp + "/"), "from a pod: hairpin and same bridge");
        assertEquals(Set.of("pod-a", "pod-b"), answers(POD_B, "http://10.250.0.1:" + nodePort + "/"), "node port on the bridge address");
        assertEquals("1", node.sysctl("net.ipv4.conf.kbr0.forwarding"));
        assertEquals("1", node.sysctl("net.ipv4.conf.kbr0.route_localnet"));
        assertEquals("0", node.sysctl("net.ipv4.ip_forward"), "the global switch stays off");
    }

    @Test
    @Order(2)
    void aServiceWithoutReadyEndpointsIsRefusedAtOnce() {
        Service web = client.services().inNamespace("default").withName("web").get();
        setEndpoints("web");
        String url = "http://" + web.getSpec().getClusterIP() + "/";
        Await.until("the service rejects", () -> wget(NODE_NS, url).equals("refused"));
        assertTrue(wget(POD_A, url).equals("refused"), "from a pod too");
        String nodePort = "http://127.0.0.1:" + web.getSpec().getPorts().get(0).getNodePort() + "/";
        assertTrue(wget(NODE_NS, nodePort).equals("refused"), wget(NODE_NS, nodePort));
        assertTrue(wget(POD_A, "http://10.96.0.1:9/").equals("refused"), "an unused service address is refused too");
    }

    @Test
    @Order(3)
    void clientIpAffinityKeepsAClientOnOneEndpoint() {
        Service sticky = createService("sticky", "ClusterIP", 300);
        setEndpoints("sticky", "10.250.0.2", "10.250.0.3");
        String url = "http://" + sticky.getSpec().getClusterIP() + "/";
        Await.until("the sticky service answers", () -> wget(NODE_NS, url).startsWith("pod-"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            seen.add(wget(POD_B, url));
        }
        assertEquals(1, seen.size(), "one client, one pod: " + seen);
    }

    @Test
    @Order(4)
    void aNewInstanceTakesOverTheRulesAndStoppingRemovesOnlyOurs() {
        Service web = client.services().inNamespace("default").withName("web").get();
        setEndpoints("web", "10.250.0.3");
        String url = "http://" + web.getSpec().getClusterIP() + "/";
        Await.until("web answers from pod-b", () -> wget(NODE_NS, url).equals("pod-b"));
        node.run(null, "iptables", "-t", "nat", "-A", "PREROUTING", "-s", "10.99.99.99/32", "-j", "ACCEPT").requireSuccess();

        proxier.close(false);
        String kept = node.save("nat");
        assertTrue(kept.contains(":KUBERAF-SERVICES"), "an instance that is replaced leaves the rules: " + kept);
        assertEquals("pod-b", wget(NODE_NS, url), "traffic flows between two instances");
        proxier = newProxier();
        proxier.start();
        Await.until("the new instance has synced", proxier::hasSynced);
        assertEquals(kept.lines().filter(line -> line.contains("KUBERAF")).sorted().toList(),
                node.save("nat").lines().filter(line -> line.contains("KUBERAF")).sorted().toList(), "same rules, jumps not doubled");
        assertEquals("pod-b", wget(NODE_NS, url));

        proxier.close(true);
        proxier = null;
        String nat = node.save("nat");
        String filter = node.save("filter");
        assertFalse(nat.contains("KUBERAF") || filter.contains("KUBERAF"), nat + filter);
        assertTrue(nat.contains("-A PREROUTING " + KEEP_RULE), "other rules stay: " + nat);
        assertEquals("0", node.sysctl("net.ipv4.conf.kbr0.forwarding"), "the interface setting is put back");
        assertEquals("0", node.sysctl("net.ipv4.conf.kbr0.route_localnet"));
    }

    // ---- helpers ----

    private static Proxier newProxier() {
        return new Proxier(cluster.informers(), node, new Proxier.Options(NODE, Cidr.parse("10.96.0.0/12"), false, 0x4000, true,
                List.of(), Duration.ofSeconds(30), Duration.ofMillis(100), STATE,
                new Chains(Chains.DEFAULT_PREFIX)));
    }

    private static Service createService(String name, String type, Integer affinitySeconds) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).addNewPort().withName("http").withPort(80).endPort().endSpec();
        if (affinitySeconds != null) {
            builder.editSpec().withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP()
                    .withTimeoutSeconds(affinitySeconds).endClientIP().endSessionAffinityConfig().endSpec();
        }
        return client.services().inNamespace("default").resource(builder.build()).create();
    }

    private static void setEndpoints(String service, String... ips) {
        EndpointSliceBuilder builder = new EndpointSliceBuilder().withNewMetadata().withName(service + "-slice")
                .addToLabels(ServiceModel.SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort();
        for (String ip : ips) {
            builder.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint();
        }
        EndpointSlice slice = builder.build();
        client.resources(EndpointSlice.class).inNamespace("default").resource(slice).createOr(existing -> existing.update());
    }

    /** The distinct answers of up to 40 requests, stopping once both pods answered (rules may still be syncing). */
    private static Set<String> answers(String ns, String url) {
        Set<String> seen = new HashSet<>();
        Await.until("both pods answer " + url + " in " + ns, Duration.ofSeconds(30), () -> {
            String answer = wget(ns, url);
            if (answer.startsWith("pod-")) {
                seen.add(answer);
            }
            return seen.size() == 2;
        });
        return seen;
    }

    /**
     * The page's text, "refused" when the connection was refused, or what went wrong. (busybox wget's own
     * -T option crashes Debian's busybox 1.35: coreutils' timeout bounds it instead.)
     */
    private static String wget(String ns, String url) {
        Iptables.Result result = new Iptables(ns).run(null, "timeout", "3", "busybox", "wget", "-q", "-O", "-", url);
        if (result.exitCode() == 0) {
            return result.stdout().trim();
        }
        return result.stderr().contains("Connection refused") ? "refused" : "wget exit " + result.exitCode() + ": " + result.stderr().trim();
    }

    private static void createNamespaces() throws Exception {
        for (String ns : List.of(POD_A, POD_B, NODE_NS)) {
            host("ip", "netns", "del", ns);
            ok("ip", "netns", "add", ns);
        }
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "set", "lo", "up");
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "add", "kbr0", "type", "bridge");
        ok("ip", "netns", "exec", NODE_NS, "ip", "addr", "add", "10.250.0.1/24", "dev", "kbr0");
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "set", "kbr0", "up");
        // The node's "uplink": a veth pair whose far end has no address, so the node has a default route as real
        // nodes have (cluster IPs are routed by it before the rules rewrite them) and nothing leaves through it.
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1");
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "set", "uplink1", "up");
        ok("ip", "netns", "exec", NODE_NS, "ip", "addr", "add", "10.251.0.1/24", "dev", "uplink0");
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "set", "uplink0", "up");
        ok("ip", "netns", "exec", NODE_NS, "ip", "route", "add", "default", "via", "10.251.0.2");
        pod(POD_A, "veth-a", "10.250.0.2", "pod-a");
        pod(POD_B, "veth-b", "10.250.0.3", "pod-b");
    }

    private static void pod(String ns, String veth, String ip, String name) throws Exception {
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ok("ip", "netns", "exec", NODE_NS, "ip", "link", "set", veth, "master", "kbr0", "up");
        ok("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        ok("ip", "netns", "exec", ns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        ok("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        ok("ip", "netns", "exec", ns, "ip", "route", "add", "default", "via", "10.250.0.1");
        Path www = Files.createTempDirectory("kuberaf-proxy-test-www");
        pages.add(www);
        Files.writeString(www.resolve("index.html"), name + "\n");
        servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-p", "8080", "-h", www.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static void ok(String... command) {
        new Iptables(null).run(null, command).requireSuccess();
    }

    private static void host(String... command) {
        new Iptables(null).run(null, command);
    }
}
