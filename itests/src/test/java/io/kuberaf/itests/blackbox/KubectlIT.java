package io.kuberaf.itests.blackbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution driven from outside with the real kubectl, as a user types it: the seed's
 * example and the everyday verbs, each checked against kubectl's usual output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {

    private KuberafInstance kuberaf;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        kuberaf = BlackBox.start("kubectl", 0);
        work = Files.createDirectories(Path.of("target", "blackbox", "kubectl-files").toAbsolutePath());
    }

    @AfterAll
    void stop() throws Exception {
        if (kuberaf != null) {
            kuberaf.close();
        }
    }

    private String ok(String... args) {
        return kuberaf.kubectl(args).assertSuccess().stdout();
    }

    private String fails(String... args) {
        return kuberaf.kubectl(args).assertFailure().stderr();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    // ---- discovery ----

    @Test
    @Order(1)
    void versionNamesTheServer() {
        String out = ok("version");
        assertTrue(out.contains("Server Version: v1.32.0-kuberaf."), out);
        String old = kuberaf.kubectlVersion(KuberafInstance.kubectlBeside("kubectl.1.27"), null, "version").stdout();
        assertTrue(old.contains("Server Version: version.Info{Major:\"1\", Minor:\"32\", GitVersion:\"v1.32.0-kuberaf."), old);
    }

    @Test
    @Order(2)
    void apiResourcesAndVersions() {
        String out = ok("api-resources");
        assertTrue(out.matches("(?s).*\nreplicationcontrollers\\s+rc\\s+v1\\s+true\\s+ReplicationController\n.*"), out);
        assertTrue(out.matches("(?s).*\ndeployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment\n.*"), out);
        assertTrue(out.matches("(?s).*\nnamespaces\\s+ns\\s+v1\\s+false\\s+Namespace\n.*"), out);
        assertTrue(out.contains("leases") && out.contains("clusterroles") && out.contains("endpointslices"), out);
        String versions = ok("api-versions");
        for (String v : List.of("apps/v1", "batch/v1", "coordination.k8s.io/v1", "rbac.authorization.k8s.io/v1", "v1")) {
            assertTrue(versions.contains(v + "\n"), v + " in " + versions);
        }
    }

    @Test
    @Order(3)
    void explainReadsTheSchema() {
        String out = ok("explain", "pods.spec.containers");
        assertTrue(out.contains("KIND:") && out.contains("Pod"), out);
        assertTrue(out.contains("FIELD: containers <[]Container>"), out);
        assertTrue(out.contains("image\t<string>") || out.contains("image <string>") || out.matches("(?s).*image\\s+<string>.*"), out);
    }

    @Test
    @Order(4)
    void defaultNamespacesExist() {
        assertEquals("namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n",
                ok("get", "namespaces", "-o", "name"));
    }

    // ---- the seed's example ----

    @Test
    @Order(10)
    void seedManifestsCreateWithKubectlsOutput() {
        String out = ok("create", "-f", BlackBox.seedExample("mysql-rc.yaml").toString(),
                "-f", BlackBox.seedExample("mysql-svc.yaml").toString(),
                "-f", BlackBox.seedExample("myweb-rc.yaml").toString(),
                "-f", BlackBox.seedExample("myweb-svc.yaml").toString());
        assertEquals("replicationcontroller/mysql created\nservice/mysql created\n"
                + "replicationcontroller/myweb created\nservice/myweb created\n", out);
    }

    @Test
    @Order(11)
    void getPrintsKubectlsColumns() {
        String rc = ok("get", "rc");
        // the replication controller has created each RC's pod (its image is not on this machine: not ready)
        assertTrue(rc.matches("NAME    DESIRED   CURRENT   READY   AGE\nmysql   1         [01]         0       (?s).*"), rc);
        String svc = ok("get", "svc");
        assertTrue(svc.startsWith("NAME    TYPE        CLUSTER-IP"), svc);
        assertTrue(svc.matches("(?s).*\nmyweb\\s+NodePort\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+8080:30001/TCP\\s+\\d+s\n.*"), svc);
        String wide = ok("get", "rc", "-o", "wide");
        assertTrue(wide.startsWith("NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES"), wide);
        assertTrue(wide.contains("kubeguide/tomcat-app:v1") && wide.contains("app=myweb"), wide);
    }

    @Test
    @Order(12)
    void getOutputFormats() {
        String yaml = ok("get", "rc", "mysql", "-o", "yaml");
        assertTrue(yaml.startsWith("apiVersion: v1\nkind: ReplicationController\nmetadata:\n"), yaml);
        assertTrue(yaml.contains("  resourceVersion: \"") && yaml.contains("  uid: ") && yaml.contains("  generation: 1"), yaml);
        String json = ok("get", "svc", "mysql", "-o", "json");
        assertTrue(json.contains("\"kind\": \"Service\"") && json.contains("\"clusterIP\": \"10."), json);
        assertEquals("replicationcontroller/mysql\nreplicationcontroller/myweb\n", ok("get", "rc", "-o", "name"));
        assertEquals("30001", ok("get", "svc", "myweb", "-o", "jsonpath={.spec.ports[0].nodePort}"));
        assertEquals("replicationcontroller/myweb\n", ok("get", "rc", "-l", "app=myweb", "-o", "name"),
                "an RC's labels default to its template's");
        assertEquals("replicationcontroller/mysql\n", ok("get", "rc", "-l", "app!=myweb", "-o", "name"));
        assertEquals("replicationcontroller/mysql\nreplicationcontroller/myweb\n",
                ok("get", "rc", "-l", "app in (mysql,myweb)", "-o", "name"));
        assertEquals("replicationcontroller/myweb\n", ok("get", "rc", "--field-selector", "metadata.name=myweb", "-o", "name"));
        String all = ok("get", "rc,svc", "-A");
        assertTrue(all.contains("NAMESPACE") && all.contains("default     replicationcontroller/mysql"), all);
    }

    @Test
    @Order(13)
    void describeShowsKubectlsSections() {
        String rc = ok("describe", "rc", "myweb");
        for (String line : List.of("Name:         myweb", "Namespace:    default", "Selector:     app=myweb",
                "1 desired", "Pod Template:", "Image:", "kubeguide/tomcat-app:v1", "Events:")) {
            assertTrue(rc.contains(line), line + " in\n" + rc);
        }
        String svc = ok("describe", "svc", "myweb");
        for (String line : List.of("Name:", "myweb", "Type:", "NodePort", "NodePort:", "30001/TCP", "Events:")) {
            assertTrue(svc.contains(line), line + " in\n" + svc);
        }
    }

    @Test
    @Order(14)
    void watchSeesChanges() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("kubectl", "get", "rc", "mysql", "-w", "--output-watch-events")
                .redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kuberaf.kubeconfig().toString());
        Path out = work.resolve("watch.txt");
        Process watch = builder.redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !Files.readString(out).contains("ADDED")) {
                Thread.sleep(100);
            }
            ok("label", "rc", "mysql", "watched=yes");
            while (System.nanoTime() < deadline && !Files.readString(out).contains("MODIFIED")) {
                Thread.sleep(100);
            }
            String seen = Files.readString(out);
            assertTrue(seen.startsWith("EVENT      NAME    DESIRED   CURRENT   READY   AGE\n"), seen);
            // READY 0 or 1: the seed's mysql:5.6 may be on the machine (examples/java-web-app/images builds it)
            assertTrue(seen.matches("(?s).*\nADDED\\s+mysql\\s+1\\s+[01]\\s+[01]\\s+.*"), seen);
            assertTrue(seen.matches("(?s).*\nMODIFIED\\s+mysql\\s+1\\s+[01]\\s+[01]\\s+.*"), seen);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(15)
    void getWorksForEveryServedKind() {
        String resources = ok("api-resources", "--verbs=list", "-o", "name");
        int kinds = 0;
        for (String resource : resources.split("\n")) {
            if (resource.isBlank()) {
                continue;
            }
            kinds++;
            for (String format : List.of("wide", "yaml", "json", "name", "jsonpath={.kind}")) {
                String out = ok("get", resource, "-A", "-o", format);
                if (format.startsWith("json")) {
                    assertTrue(out.contains("List"), resource + " -o " + format + ": " + out);
                }
            }
        }
        assertTrue(kinds >= 28, "listable kinds: " + resources);
    }

    @Test
    @Order(16)
    void olderKubectlCreatesAppliesAndReads() throws IOException {
        String old = KuberafInstance.kubectlBeside("kubectl.1.27");
        Path cm = file("old-kubectl.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-kubectl\ndata:\n  a: \"1\"\n");
        assertEquals("configmap/old-kubectl created\n",
                kuberaf.kubectlVersion(old, null, "apply", "-f", cm.toString()).assertSuccess().stdout());
        file("old-kubectl.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-kubectl\ndata:\n  a: \"2\"\n");
        assertEquals("configmap/old-kubectl configured\n",
                kuberaf.kubectlVersion(old, null, "apply", "-f", cm.toString()).assertSuccess().stdout());
        assertEquals("2", kuberaf.kubectlVersion(old, null, "get", "configmap", "old-kubectl", "-o", "jsonpath={.data.a}")
                .assertSuccess().stdout());
        String table = kuberaf.kubectlVersion(old, null, "get", "configmap", "old-kubectl").assertSuccess().stdout();
        assertTrue(table.startsWith("NAME          DATA   AGE\nold-kubectl   1      "), table);
    }

    // ---- changing objects ----

    @Test
    @Order(20)
    void labelAnnotateScale() {
        assertEquals("replicationcontroller/myweb labeled\n", ok("label", "rc", "myweb", "tier=frontend"));
        assertEquals("replicationcontroller/myweb annotated\n", ok("annotate", "rc", "myweb", "owner=team-a"));
        assertEquals("replicationcontroller/myweb scaled\n", ok("scale", "rc", "myweb", "--replicas=3"));
        assertEquals("3 frontend team-a 2", ok("get", "rc", "myweb", "-o",
                "jsonpath={.spec.replicas} {.metadata.labels.tier} {.metadata.annotations.owner} {.metadata.generation}"));
        assertEquals("replicationcontroller/myweb\n", ok("get", "rc", "-l", "tier=frontend", "-o", "name"));
        assertEquals("replicationcontroller/myweb unlabeled\n", ok("label", "rc", "myweb", "tier-"));
    }

    @Test
    @Order(21)
    void patchInAllThreeTypes() {
        assertEquals("replicationcontroller/myweb patched\n", ok("patch", "rc", "myweb", "-p", "{\"spec\":{\"replicas\":2}}"));
        assertEquals("replicationcontroller/myweb patched\n", ok("patch", "rc", "myweb", "--type=merge",
                "-p", "{\"metadata\":{\"labels\":{\"patched\":\"merge\"}}}"));
        assertEquals("replicationcontroller/myweb patched\n", ok("patch", "rc", "myweb", "--type=json",
                "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]"));
        ok("patch", "rc", "myweb", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"myweb\",\"image\":\"kubeguide/tomcat-app:v2\"}]}}}}");
        assertEquals("4 merge kubeguide/tomcat-app:v2 8080", ok("get", "rc", "myweb", "-o",
                "jsonpath={.spec.replicas} {.metadata.labels.patched} {.spec.template.spec.containers[0].image}"
                        + " {.spec.template.spec.containers[0].ports[0].containerPort}"));
    }

    @Test
    @Order(22)
    void applyCreatesThenConfigures() throws IOException {
        String v1 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n"
                + "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
                + "    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n      - name: sidecar\n        image: busybox\n";
        Path deployment = file("web.yaml", v1);
        assertEquals("deployment.apps/web created\n", ok("apply", "-f", deployment.toString()));
        file("web.yaml", v1.replace("replicas: 1", "replicas: 2").replace("nginx:1.25", "nginx:1.27")
                .replace("      - name: sidecar\n        image: busybox\n", ""));
        assertEquals("deployment.apps/web configured\n", ok("apply", "-f", deployment.toString()));
        assertEquals("2 nginx:1.27 web", ok("get", "deploy", "web", "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[*].name}"),
                "the strategic merge patch changed the image and removed the sidecar");
        assertEquals("deployment.apps/web unchanged\n", ok("apply", "-f", deployment.toString()));
        assertTrue(ok("apply", "--server-side", "-f", deployment.toString()).contains("deployment.apps/web serverside-applied"));
    }

    @Test
    @Order(23)
    void replaceAndStaleResourceVersion() throws IOException {
        String yaml = ok("get", "svc", "mysql", "-o", "yaml");
        Path stale = file("mysql-svc-stale.yaml", yaml.replace("app: mysql", "app: mysql\n    replaced: \"yes\""));
        assertEquals("service/mysql replaced\n", ok("replace", "-f", stale.toString()));
        String conflict = fails("replace", "-f", stale.toString());
        assertTrue(conflict.contains("Error from server (Conflict): error when replacing")
                && conflict.contains("Operation cannot be fulfilled on services \"mysql\": the object has been modified; "
                + "please apply your changes to the latest version and try again"), conflict);
    }

    @Test
    @Order(24)
    void typedCommandsSendProtobufAndWork() {
        assertEquals("namespace/demo created\n", ok("create", "namespace", "demo"));
        // the seed's last command, in today's kubectl
        assertEquals("deployment.apps/nginx created\n",
                ok("create", "deployment", "nginx", "--image=nginx:latest", "--replicas=3", "-n", "demo"));
        assertEquals("3 nginx:latest 25%", ok("get", "deploy", "nginx", "-n", "demo", "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.strategy.rollingUpdate.maxSurge}"));
        assertEquals("configmap/settings created\n", ok("create", "configmap", "settings", "--from-literal=a=b", "-n", "demo"));
        assertEquals("secret/token created\n", ok("create", "secret", "generic", "token", "--from-literal=p=q", "-n", "demo"));
        assertEquals("cQ==", ok("get", "secret", "token", "-n", "demo", "-o", "jsonpath={.data.p}"));
        assertEquals("pod/box created\n", ok("run", "box", "--image=busybox", "-n", "demo"));
        assertEquals("service/nginx exposed\n", ok("expose", "deployment", "nginx", "--port=80", "-n", "demo"));
        assertTrue(ok("get", "svc", "nginx", "-n", "demo", "-o", "jsonpath={.spec.clusterIP}").startsWith("10."));
        assertEquals("namespace \"demo\" deleted\n", ok("delete", "namespace", "demo"));
        assertEquals("", ok("get", "all", "-n", "demo", "-o", "name"));
    }

    @Test
    @Order(25)
    void serverSideApplyDetectsConflictsBetweenManagers() throws IOException {
        Path deployment = file("ssa.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  replicas: 2\n"
                + "  selector:\n    matchLabels:\n      app: ssa\n  template:\n    metadata:\n      labels:\n        app: ssa\n"
                + "    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n");
        assertEquals("deployment.apps/ssa serverside-applied\n", ok("apply", "--server-side", "-f", deployment.toString()));
        assertEquals("deployment.apps/ssa scaled\n", ok("scale", "deploy", "ssa", "--replicas=5"));
        String conflict = fails("apply", "--server-side", "-f", deployment.toString());
        assertTrue(conflict.contains("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" "
                + "using apps/v1: .spec.replicas"), conflict);
        assertEquals("deployment.apps/ssa serverside-applied\n",
                ok("apply", "--server-side", "--force-conflicts", "-f", deployment.toString()));
        assertEquals("2", ok("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}"));
    }

    // ---- errors, as kubectl prints them ----

    @Test
    @Order(30)
    void errorsReadLikeKubernetes() throws IOException {
        assertEquals("Error from server (NotFound): replicationcontrollers \"nothing\" not found\n",
                fails("get", "rc", "nothing"));
        String duplicate = fails("create", "-f", BlackBox.seedExample("mysql-rc.yaml").toString());
        assertEquals("Error from server (AlreadyExists): error when creating \"" + BlackBox.seedExample("mysql-rc.yaml")
                + "\": replicationcontrollers \"mysql\" already exists\n", duplicate);
        Path unknown = file("unknown-field.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\ndata:\n  a: b\nspecs: {}\n");
        String strict = fails("create", "-f", unknown.toString());
        assertTrue(strict.contains("strict decoding error: unknown field \"specs\""), strict);
        Path wrongSelector = file("wrong-selector.yaml", "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: bad\n"
                + "spec:\n  selector:\n    app: one\n  template:\n    metadata:\n      labels:\n        app: two\n"
                + "    spec:\n      containers:\n      - name: c\n        image: busybox\n");
        String invalid = fails("create", "-f", wrongSelector.toString());
        assertTrue(invalid.contains("The ReplicationController \"bad\" is invalid: spec.template.metadata.labels: Invalid value: "
                + "map[string]string{\"app\":\"two\"}: selector does not match template labels"), invalid);
        Path badYaml = file("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n");
        String yamlError = fails("create", "-f", badYaml.toString());
        assertEquals("error: error parsing " + badYaml + ": error converting YAML to JSON: yaml: line 4: "
                + "did not find expected ',' or ']'\n", yamlError);
        Path takenPort = file("taken-port.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  type: NodePort\n"
                + "  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 30001\n");
        assertTrue(fails("create", "-f", takenPort.toString())
                .contains("spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated"));
    }

    // ---- custom resources ----

    private static final String CRONTAB_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names:
                plural: crontabs
                singular: crontab
                kind: CronTab
                shortNames: [ct]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - name: Spec
                  type: string
                  jsonPath: .spec.cronSpec
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Image
                  type: string
                  priority: 1
                  jsonPath: .spec.image
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          cronSpec:
                            type: string
                          image:
                            type: string
                          replicas:
                            type: integer
                            default: 1
                      status:
                        type: object
                        properties:
                          replicas:
                            type: integer
            """;

    @Test
    @Order(35)
    void customResourceDefinitionsServeTheirKind() throws IOException {
        Path crd = file("crontab-crd.yaml", CRONTAB_CRD);
        assertEquals("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n",
                ok("apply", "-f", crd.toString()));
        assertTrue(ok("api-resources").matches("(?s).*\ncrontabs\\s+ct\\s+stable.example.com/v1\\s+true\\s+CronTab\n.*"));
        Path cron = file("crontab.yaml", "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: my-cron\n"
                + "spec:\n  cronSpec: \"* * * * */5\"\n  image: my-cron-image\n");
        assertEquals("crontab.stable.example.com/my-cron created\n", ok("apply", "-f", cron.toString()));
        String table = ok("get", "ct");
        assertTrue(table.matches("NAME\\s+SPEC\\s+REPLICAS\\s+AGE\nmy-cron\\s+\\* \\* \\* \\* \\*/5\\s+1\\s+\\d+s\n"), table);
        assertTrue(ok("get", "ct", "-o", "wide").contains("IMAGE"));
        assertEquals("crontab.stable.example.com/my-cron scaled\n", ok("scale", "ct", "my-cron", "--replicas=3"));
        assertEquals("3", ok("get", "ct", "my-cron", "-o", "jsonpath={.spec.replicas}"));
        Files.writeString(cron, Files.readString(cron).replace("my-cron-image", "other-image"));
        assertEquals("crontab.stable.example.com/my-cron configured\n", ok("apply", "-f", cron.toString()));
        Path bad = file("bad-crontab.yaml", "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: bad\n"
                + "spec:\n  replicas: many\n");
        String invalid = fails("create", "-f", bad.toString());
        assertTrue(invalid.contains("The CronTab \"bad\" is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in "
                + "body must be of type integer: \"string\""), invalid);
        assertEquals("customresourcedefinition.apiextensions.k8s.io \"crontabs.stable.example.com\" deleted\n",
                ok("delete", "crd", "crontabs.stable.example.com"));
        assertFalse(ok("api-resources").contains("crontabs"));
    }

    @Test
    @Order(36)
    void theHotDeployedHelloControllerWorksWithKubectl() throws IOException {
        // The three vendor commands end with a copy into deploy/: the example's jar, as built by this reactor.
        Path jar = Path.of(System.getProperty("kuberaf.example.controller-hello"));
        Path deployed = kuberaf.home().resolve("deploy").resolve(jar.getFileName());
        Files.copy(jar, deployed);
        try {
            BlackBox.awaitOutput(java.time.Duration.ofSeconds(60), () -> kuberaf.kubectl("api-resources").stdout(),
                    out -> out.matches("(?s).*\nhellos\\s+hi\\s+hello.kuberaf.io/v1\\s+true\\s+Hello\n.*"));
            Path hello = BlackBox.seedExample("../../controller-hello/hello.yaml");
            assertEquals("hello.hello.kuberaf.io/world created\n", ok("create", "-f", hello.toString()));
            String table = BlackBox.awaitOutput(java.time.Duration.ofSeconds(30), () -> ok("get", "hellos"),
                    out -> out.contains("Hello, world!"));
            assertTrue(table.matches("NAME\\s+GREETING\\s+AGE\nworld\\s+Hello, world!\\s+\\d+s\n"), table);
            assertEquals("Hello, world!", ok("get", "configmap", "world-greeting", "-o", "jsonpath={.data.greeting}"));
            assertEquals("hello.hello.kuberaf.io \"world\" deleted\n", ok("delete", "hello", "world"));
            BlackBox.awaitOutput(java.time.Duration.ofSeconds(30), () -> kuberaf.kubectl("get", "configmap", "world-greeting").stderr(),
                    err -> err.contains("NotFound"));
        } finally {
            Files.deleteIfExists(deployed);
        }
        BlackBox.awaitOutput(java.time.Duration.ofSeconds(60), () -> kuberaf.kubectl("api-resources").stdout(),
                out -> !out.contains("hello.kuberaf.io"));
    }

    // ---- deleting ----

    @Test
    @Order(40)
    void deleteWithEachPropagationPolicy() throws IOException {
        for (String name : List.of("bg", "fg", "orphan")) {
            file(name + ".yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  k: v\n");
            ok("create", "-f", work.resolve(name + ".yaml").toString());
        }
        assertEquals("configmap \"bg\" deleted\n", ok("delete", "configmap", "bg", "--cascade=background"));
        assertFalse(kuberaf.kubectl("get", "configmap", "bg").exitCode() == 0);
        // Foreground and orphan deletions are finished by the garbage collector (kuberaf-controller-gc):
        // it removes its finalizer once the dependents are handled (none here), and the object goes.
        ok("delete", "configmap", "fg", "--cascade=foreground");
        assertFalse(kuberaf.kubectl("get", "configmap", "fg").exitCode() == 0, "foreground: gone once the collector is done");
        ok("delete", "configmap", "orphan", "--cascade=orphan");
        assertFalse(kuberaf.kubectl("get", "configmap", "orphan").exitCode() == 0, "orphan: gone once the collector is done");
        assertEquals("replicationcontroller \"mysql\" deleted\nservice \"mysql\" deleted\n",
                ok("delete", "-f", BlackBox.seedExample("mysql-rc.yaml").toString(),
                        "-f", BlackBox.seedExample("mysql-svc.yaml").toString()));
    }
}
