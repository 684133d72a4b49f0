package io.kuberaf.itests.blackbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.kuberaf.itests.blackbox.BlackBox.awaitOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster DNS as a pod sees it: resolv.conf from the kubelet, questions to the kube-dns ClusterIP
 * (DNATed by the proxy to the node's DNS server), answered with busybox's nslookup. Only names of the
 * cluster are asked (the machine's resolver is never a target). Needs dockerd, iptables and the images
 * of examples/images/build.sh (.ci/run provides them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsIT {

    private static final int SLOT = 8;
    private static final String NODE = BlackBox.node(SLOT);

    private KuberafInstance kuberaf;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("dns", SLOT);
        work = Files.createDirectories(Path.of("target", "blackbox", "dns-files").toAbsolutePath());
        awaitOutput(Duration.ofSeconds(120), () -> kuberaf.kubectl("get", "node", NODE, "--no-headers").stdout(), out -> out.contains(" Ready "));
        ok("apply", "-f", Files.writeString(work.resolve("dns.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  selector: {app: hl}
                  ports:
                  - {name: http, port: 80}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: hl
                spec:
                  clusterIP: None
                  selector: {app: hl}
                  ports:
                  - {name: http, port: 80}
                ---
                %s
                ---
                %s
                """.formatted(pod("hl-a", "  hostname: a\n  subdomain: hl\n"), pod("hl-b", ""))).toString());
        ok("wait", "--for=condition=Ready", "pod/hl-a", "pod/hl-b", "--timeout=120s");
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    @Test
    @Order(1)
    void kubeDnsServiceHasItsClusterIpAndTheNodesServerAsEndpoint() {
        assertEquals("10.96.0.10", ok("get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}"));
        String endpoints = awaitOutput(Duration.ofSeconds(60), () -> ok("get", "endpoints", "kube-dns", "-n", "kube-system",
                "-o", "jsonpath={.subsets[0].addresses[0].ip}"), out -> !out.isBlank());
        assertTrue(endpoints.matches("10\\.208\\.\\d+\\.1"), "the pod-network gateway of the node: " + endpoints);
    }

    @Test
    @Order(2)
    void aClusterFirstPodGetsTheClusterDnsAndTheSearchPath() {
        String resolvConf = ok("exec", "hl-a", "--", "cat", "/etc/resolv.conf");
        assertTrue(resolvConf.contains("nameserver 10.96.0.10\n"), resolvConf);
        assertTrue(resolvConf.contains("search default.svc.cluster.local svc.cluster.local cluster.local\n"), resolvConf);
        assertTrue(resolvConf.contains("options ndots:5\n"), resolvConf);
    }

    @Test
    @Order(3)
    void aServiceNameResolvesToItsClusterIp() {
        String clusterIp = ok("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}");
        String answer = nslookup("web.default.svc.cluster.local", out -> out.contains(clusterIp));
        assertTrue(answer.contains("Address: " + clusterIp), answer);
    }

    @Test
    @Order(4)
    void aHeadlessServiceGivesOneRecordPerReadyPodAndAPodItsOwnName() {
        String ipA = ok("get", "pod", "hl-a", "-o", "jsonpath={.status.podIP}");
        String ipB = ok("get", "pod", "hl-b", "-o", "jsonpath={.status.podIP}");
        String answer = nslookup("hl.default.svc.cluster.local", out -> out.contains(ipA) && out.contains(ipB));
        assertEquals(2, Arrays.stream(answer.split("\n")).filter(line -> line.startsWith("Address: ")).count(), answer);

        assertTrue(nslookup("a.hl.default.svc.cluster.local", out -> out.contains(ipA)).contains("Address: " + ipA));
        String podName = ipB.replace('.', '-') + ".default.pod.cluster.local";
        assertTrue(nslookup(podName, out -> out.contains(ipB)).contains("Address: " + ipB));
    }

    @Test
    @Order(5)
    void anUnknownServiceIsNotFound() {
        KuberafInstance.Result result = kuberaf.kubectl("exec", "hl-b", "--", "nslookup", "nosuch.default.svc.cluster.local");
        assertTrue(result.stdout().contains("NXDOMAIN") || result.stderr().contains("NXDOMAIN"), result.stdout() + result.stderr());
    }

    @Test
    @Order(6)
    void hostNetworkPodsWithClusterFirstWithHostNetAndPodsWithTheirOwnDnsConfigGetTheirResolvConf() throws Exception {
        ok("apply", "-f", Files.writeString(work.resolve("policies.yaml"), """
                %s
                ---
                %s
                """.formatted(pod("hostnet", "  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n").replace("app: hl", "app: other"),
                pod("custom", "  dnsPolicy: None\n  dnsConfig:\n    nameservers: [10.96.0.10]\n    searches: [example.internal]\n"
                        + "    options:\n    - {name: ndots, value: '2'}\n").replace("app: hl", "app: other"))).toString());
        ok("wait", "--for=condition=Ready", "pod/hostnet", "pod/custom", "--timeout=120s");

        String hostNet = ok("exec", "hostnet", "--", "cat", "/etc/resolv.conf");
        assertTrue(hostNet.contains("nameserver 10.96.0.10") && hostNet.contains("search default.svc.cluster.local svc.cluster.local cluster.local")
                && hostNet.contains("ndots:5"), hostNet);
        String clusterIp = ok("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}");
        KuberafInstance.Result fromHost = kuberaf.kubectl("exec", "hostnet", "--", "nslookup", "web.default.svc.cluster.local");
        assertTrue(fromHost.stdout().contains("Address: " + clusterIp), "the host's network namespace reaches the ClusterIP too: "
                + fromHost.stdout() + fromHost.stderr());

        String custom = ok("exec", "custom", "--", "cat", "/etc/resolv.conf");
        assertEquals("nameserver 10.96.0.10\nsearch example.internal\noptions ndots:2\n", custom);
    }

    // ---- helpers ----

    /** nslookup in a pod, asked again until the answer shows what is expected (the endpoints may lag). */
    private String nslookup(String name, Predicate<String> expected) {
        return awaitOutput(Duration.ofSeconds(60), () -> {
            KuberafInstance.Result result = kuberaf.kubectl("exec", "hl-b", "--", "nslookup", name);
            return result.stdout() + result.stderr();
        }, expected);
    }

    private static String pod(String name, String extraSpec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {app: hl}
                spec:
                %s  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: kuberaf/busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: ['sleep', '3600']
                """.formatted(name, extraSpec);
    }

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

}
