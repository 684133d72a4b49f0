package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kuberaf.apiserver.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that change the cluster, on the seed's manifests, with kubectl's messages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlWriteCommandsTest {

    TestCluster cluster;
    KubernetesClient client;
    Shell shell;
    Path work;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster(0, 49340);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).withNamespace("default").build()).build();
        work = Files.createTempDirectory("kubectl-shell-write");
        shell = new Shell(client, cluster.writeKubeconfig(work.resolve("kubeconfig")));
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        cluster.close();
    }

    static <T extends ManifestCommand> T withFiles(T command, String... files) {
        command.filenames = List.of(files);
        return command;
    }

    @Test
    @Order(1)
    void applyCreatesThenLeavesUnchanged() {
        String folder = KubectlComparisonTest.SEED.toString();
        assertEquals("replicationcontroller/mysql created\nservice/mysql created\nreplicationcontroller/myweb created\nservice/myweb created\n",
                shell.run(withFiles(new ApplyCommand(), folder)).out());
        assertEquals("replicationcontroller/mysql unchanged\nservice/mysql unchanged\nreplicationcontroller/myweb unchanged\nservice/myweb unchanged\n",
                shell.run(withFiles(new ApplyCommand(), folder)).out());
    }

    @Test
    @Order(2)
    void applyOfAChangeConfigures() throws Exception {
        Path changed = work.resolve("mysql-rc.yaml");
        Files.writeString(changed, Files.readString(KubectlComparisonTest.SEED.resolve("mysql-rc.yaml")).replace("replicas: 1", "replicas: 2"));
        assertEquals("replicationcontroller/mysql configured\n", shell.run(withFiles(new ApplyCommand(), changed.toString())).out());
        assertEquals(2, client.replicationControllers().inNamespace("default").withName("mysql").get().getSpec().getReplicas());
    }

    @Test
    @Order(3)
    void createOfExistingObjectsIsKubectlsError() throws Exception {
        String file = KubectlComparisonTest.SEED.resolve("mysql-svc.yaml").toString();
        Shell.Result ours = shell.run(withFiles(new CreateCommand(), file));
        assertEquals(shell.kubectl("create", "-f", file).err(), ours.err());
        assertEquals("", ours.out());
    }

    @Test
    @Order(4)
    void multiDocumentYaml() throws Exception {
        Path both = work.resolve("both.yaml");
        Files.writeString(both, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: \"1\"\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n");
        assertEquals("configmap/one created\nconfigmap/two created\n", shell.run(withFiles(new CreateCommand(), "file://" + both)).out());
    }

    @Test
    @Order(5)
    void missingFileAndInvalidYaml() throws Exception {
        Shell.Result missing = shell.run(withFiles(new CreateCommand(), "nosuch.yaml"));
        assertEquals("error: the path \"nosuch.yaml\" does not exist\n", missing.err());
        assertEquals(shell.kubectl("create", "-f", "nosuch.yaml").err(), missing.err());
        Path bad = work.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: oops\n");
        String error = shell.run(withFiles(new CreateCommand(), bad.toString())).err();
        assertTrue(error.startsWith("error: error parsing " + bad + ": error converting YAML to JSON: yaml: line 5: "), error);
        assertTrue(shell.kubectl("create", "-f", bad.toString()).err().startsWith("error: error parsing " + bad + ": error converting YAML to JSON: yaml: line 5: "));
    }

    @Test
    @Order(6)
    void scaleLabelAnnotateLikeKubectl() throws Exception {
        ScaleCommand scale = new ScaleCommand();
        scale.args = List.of("rc", "mysql");
        scale.replicas = 3;
        assertEquals(shell.kubectl("scale", "rc", "myweb", "--replicas=3").out().replace("myweb", "mysql"), shell.run(scale).out());
        assertEquals(3, client.replicationControllers().inNamespace("default").withName("mysql").get().getSpec().getReplicas());

        LabelCommand label = new LabelCommand();
        label.args = List.of("svc", "mysql", "tier=db");
        assertEquals("service/mysql labeled\n", shell.run(label).out());
        assertEquals(shell.kubectl("label", "svc", "myweb", "tier=web").out().replace("myweb", "mysql"), "service/mysql labeled\n");
        LabelCommand again = new LabelCommand();
        again.args = List.of("svc", "mysql", "tier=other");
        assertEquals(shell.kubectl("label", "svc", "myweb", "tier=other").err(), shell.run(again).err().replace("(db)", "(web)"));

        AnnotateCommand annotate = new AnnotateCommand();
        annotate.args = List.of("rc/mysql", "owner=team-a");
        assertEquals("replicationcontroller/mysql annotated\n", shell.run(annotate).out());
        assertEquals("team-a", client.replicationControllers().inNamespace("default").withName("mysql").get().getMetadata().getAnnotations().get("owner"));
    }

    @Test
    @Order(7)
    void setImageRunExpose() throws Exception {
        SetCommand set = new SetCommand();
        set.args = List.of("image", "rc/myweb", "myweb=kubeguide/tomcat-app:v2");
        assertEquals("replicationcontroller/myweb image updated\n", shell.run(set).out());
        assertEquals("kubeguide/tomcat-app:v2", client.replicationControllers().inNamespace("default").withName("myweb").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

        RunCommand run = new RunCommand();
        run.name = "busybox";
        run.image = "busybox:1.36";
        run.args = List.of("--", "sleep", "3600");
        assertEquals(shell.kubectl("run", "busybox2", "--image=busybox:1.36", "--", "sleep", "3600").out().replace("busybox2", "busybox"), shell.run(run).out());

        ExposeCommand expose = new ExposeCommand();
        expose.args = List.of("rc", "mysql");
        expose.port = 3306;
        expose.serviceName = "mysql-exposed";
        assertEquals("service/mysql-exposed exposed\n", shell.run(expose).out());
        assertEquals("mysql", client.services().inNamespace("default").withName("mysql-exposed").get().getSpec().getSelector().get("app"));
    }

    @Test
    @Order(8)
    void deleteLikeKubectl() throws Exception {
        DeleteCommand delete = new DeleteCommand();
        delete.args = List.of("svc", "mysql-exposed", "nosuch");
        Shell.Result ours = shell.run(delete);
        assertEquals("service \"mysql-exposed\" deleted\n", ours.out());
        assertEquals(shell.kubectl("delete", "svc", "nosuch").err(), ours.err());

        DeleteCommand byFile = withFiles(new DeleteCommand(), KubectlComparisonTest.SEED.toString());
        assertEquals(shell.kubectl("delete", "-f", KubectlComparisonTest.SEED.toString(), "--dry-run=client").out().replace(" (dry run)", ""),
                shell.run(byFile).out());
    }

    @Test
    @Order(9)
    void yamlAndJsonOfAwkwardStrings() throws Exception {
        Path awkward = work.resolve("awkward.yaml");
        Files.writeString(awkward, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: awkward\n  annotations:\n    note: 'a: b # c'\n"
                + "data:\n  yes: \"yes\"\n  version: \"1.10\"\n  empty: \"\"\n  port: \"8080:30001\"\n  when: \"2024-01-02T03:04:05Z\"\n"
                + "  script: |\n    #!/bin/sh\n    echo <hello> & done\n  star: \"*\"\n  dash: \"- item\"\n  quote: \"it's\"\n  lead: \" spaced\"\n"
                + "  long: \"" + "word ".repeat(30).strip() + "\"\n");
        shell.run(withFiles(new CreateCommand(), awkward.toString()));
        GetCommand yaml = new GetCommand();
        yaml.args = List.of("cm", "awkward");
        yaml.output = "yaml";
        assertEquals(shell.kubectl("get", "cm", "awkward", "-o", "yaml").out(), shell.run(yaml).out());
        GetCommand json = new GetCommand();
        json.args = List.of("cm", "awkward");
        json.output = "json";
        assertEquals(shell.kubectl("get", "cm", "awkward", "-o", "json").out(), shell.run(json).out());
    }

    @Test
    @Order(10)
    void apiResourcesAndErrors() throws Exception {
        assertEquals(shell.kubectl("api-resources").out(), shell.run(new ApiResourcesCommand()).out());
        GetCommand get = new GetCommand();
        get.args = List.of("foo");
        assertEquals(shell.kubectl("get", "foo").err(), shell.run(get).err());
    }
}
