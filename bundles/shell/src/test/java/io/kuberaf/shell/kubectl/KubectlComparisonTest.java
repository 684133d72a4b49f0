package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kubectl: command against a real apiserver, compared with the real kubectl (v1.32 on PATH)
 * on the same objects: the seed's manifests (MySQL and Tomcat replication controllers and
 * services), pods as the replication controller would make them, and events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlComparisonTest {

    static final Path SEED = Path.of("../../examples/java-web-app/manifests").toAbsolutePath().normalize();

    TestCluster cluster;
    KubernetesClient client;
    Shell shell;
    Path work;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster(0, 49320);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).withNamespace("default").build()).build();
        work = Files.createTempDirectory("kubectl-shell");
        shell = new Shell(client, cluster.writeKubeconfig(work.resolve("kubeconfig")));
        Fixtures.load(client, SEED);
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        cluster.close();
    }

    private void same(Supplier<KubectlCommand> command, String... kubectlArgs) throws IOException, InterruptedException {
        Shell.Result expected = shell.kubectl(kubectlArgs);
        Shell.Result actual = shell.run(command.get());
        assertEquals(Shell.masked(expected.out()), Shell.masked(actual.out()), "stdout of kubectl " + String.join(" ", kubectlArgs));
        assertEquals(Shell.masked(expected.err()), Shell.masked(actual.err()), "stderr of kubectl " + String.join(" ", kubectlArgs));
    }

    static GetCommand get(String output, String... args) {
        GetCommand get = new GetCommand();
        get.args = List.of(args);
        get.output = output;
        return get;
    }

    @Test
    void getSeveralKinds() throws Exception {
        same(() -> get("", "rc,pods,svc"), "get", "rc,pods,svc");
    }

    @Test
    void getPodsWide() throws Exception {
        same(() -> get("wide", "pods"), "get", "pods", "-o", "wide");
    }

    @Test
    void getAllNamespaces() throws Exception {
        same(() -> {
            GetCommand get = get("", "all");
            get.allNamespaces = true;
            return get;
        }, "get", "all", "-A");
    }

    @Test
    void getByNameAndSlash() throws Exception {
        same(() -> get("", "svc", "mysql", "myweb"), "get", "svc", "mysql", "myweb");
        same(() -> get("", "rc/mysql", "svc/myweb"), "get", "rc/mysql", "svc/myweb");
    }

    @Test
    void getWithSelectorAndLabels() throws Exception {
        same(() -> {
            GetCommand get = get("", "pods");
            get.selector = "app=mysql";
            get.showLabels = true;
            return get;
        }, "get", "pods", "-l", "app=mysql", "--show-labels");
    }

    @Test
    void getNothing() throws Exception {
        same(() -> get("", "deployments"), "get", "deployments");
        same(() -> {
            GetCommand get = get("", "pods");
            get.namespace = "kube-system";
            return get;
        }, "get", "pods", "-n", "kube-system");
    }

    @Test
    void getNotFound() throws Exception {
        same(() -> get("", "pods", "nosuchpod"), "get", "pods", "nosuchpod");
    }

    @Test
    void getUnknownKind() throws Exception {
        Shell.Result actual = shell.run(get("", "foo"));
        assertEquals("error: the server doesn't have a resource type \"foo\"\n", actual.err());
        assertEquals(shell.kubectl("get", "foo").err(), actual.err());
    }

    @Test
    void getYamlAndJson() throws Exception {
        same(() -> get("yaml", "rc", "mysql"), "get", "rc", "mysql", "-o", "yaml");
        same(() -> get("yaml", "pods"), "get", "pods", "-o", "yaml");
        same(() -> get("json", "svc", "myweb"), "get", "svc", "myweb", "-o", "json");
        same(() -> get("json", "rc,svc"), "get", "rc,svc", "-o", "json");
    }

    @Test
    void getNames() throws Exception {
        same(() -> get("name", "rc,pods,svc"), "get", "rc,pods,svc", "-o", "name");
    }

    @Test
    void getJsonPath() throws Exception {
        same(() -> get("jsonpath={.items[*].metadata.name}", "pods"), "get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
        same(() -> get("jsonpath={.status.phase}", "pod", Fixtures.MYSQL_POD), "get", "pod", Fixtures.MYSQL_POD, "-o", "jsonpath={.status.phase}");
        String range = "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.spec.ports[0].port}{\"\\n\"}{end}";
        same(() -> get(range, "svc"), "get", "svc", "-o", range);
        String filter = "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}";
        same(() -> get(filter, "pod", Fixtures.MYSQL_POD), "get", "pod", Fixtures.MYSQL_POD, "-o", filter);
    }

    @Test
    void getNodesAndNamespaces() throws Exception {
        same(() -> get("", "nodes"), "get", "nodes");
        same(() -> get("wide", "nodes"), "get", "nodes", "-o", "wide");
        same(() -> get("", "ns"), "get", "ns");
    }

    static DescribeCommand describe(String... args) {
        DescribeCommand describe = new DescribeCommand();
        describe.args = List.of(args);
        return describe;
    }

    @Test
    void describeReplicationControllerWithEvents() throws Exception {
        same(() -> describe("rc", "mysql"), "describe", "rc", "mysql");
        same(() -> describe("rc", "myweb"), "describe", "rc", "myweb");
    }

    @Test
    void describeServices() throws Exception {
        same(() -> describe("svc", "mysql"), "describe", "svc", "mysql");
        same(() -> describe("svc", "myweb"), "describe", "svc", "myweb");
    }

    @Test
    void describePods() throws Exception {
        same(() -> describe("pod", Fixtures.MYSQL_POD), "describe", "pod", Fixtures.MYSQL_POD);
        same(() -> describe("pods"), "describe", "pods");
        same(() -> describe("pods", "mysql"), "describe", "pods", "mysql");
    }

    @Test
    void describeNodeAndNamespace() throws Exception {
        same(() -> describe("node", Fixtures.NODE), "describe", "node", Fixtures.NODE);
        same(() -> describe("ns", "default"), "describe", "ns", "default");
    }

    @Test
    void describeDeploymentAndReplicaSet() throws Exception {
        same(() -> describe("deploy", "frontend"), "describe", "deploy", "frontend");
        same(() -> describe("rs", "backend"), "describe", "rs", "backend");
    }

    @Test
    void describeNotFound() throws Exception {
        same(() -> describe("svc", "nosuch"), "describe", "svc", "nosuch");
    }

    @Test
    void shortNamesResolve() {
        assertTrue(shell.run(get("", "po")).out().contains(Fixtures.MYSQL_POD));
    }
}
