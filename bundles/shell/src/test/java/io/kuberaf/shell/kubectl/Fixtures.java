package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The seed's objects as a running cluster would hold them: the manifests as created by the user,
 * one node, the pods the replication controllers would have made (bound, running), and events.
 * No controller or kubelet runs in the test cluster, so the test writes what they would write.
 */
final class Fixtures {

    static final String NODE = "kuberaf-node-1";
    static final String MYSQL_POD = "mysql-7xk2p";
    static final String MYWEB_POD = "myweb-q9z4d";

    private Fixtures() {
    }

    static void load(KubernetesClient client, Path manifests) throws Exception {
        for (String file : new String[] {"mysql-rc.yaml", "mysql-svc.yaml", "myweb-rc.yaml", "myweb-svc.yaml"}) {
            try (InputStream in = Files.newInputStream(manifests.resolve(file))) {
                client.resource(in).inNamespace("default").create();
            }
        }
        node(client);
        apps(client);
        pod(client, "mysql", MYSQL_POD, "10.244.0.5");
        pod(client, "myweb", MYWEB_POD, "10.244.0.6");
        event(client, client.replicationControllers().inNamespace("default").withName("mysql").get(), "rc-create-1",
                "SuccessfulCreate", "Created pod: " + MYSQL_POD, "replication-controller", 3, 180);
        event(client, client.pods().inNamespace("default").withName(MYSQL_POD).get(), "pod-scheduled",
                "Scheduled", "Successfully assigned default/" + MYSQL_POD + " to " + NODE, "default-scheduler", 1, 120);
        event(client, client.pods().inNamespace("default").withName(MYSQL_POD).get(), "pod-pulled",
                "Pulled", "Container image \"mysql:5.6\" already present on machine", "kubelet", 1, 110);
    }

    private static void apps(KubernetesClient client) {
        client.apps().deployments().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("frontend").withLabels(Map.of("app", "frontend")).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "frontend")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "frontend")).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("kubeguide/tomcat-app:v1")
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewResources().withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("64Mi"))).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.apps().replicaSets().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName("backend").withLabels(Map.of("tier", "backend")).withAnnotations(Map.of("team", "storage")).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("tier", "backend")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("tier", "backend")).endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7").withArgs("--appendonly", "yes")
                .addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private static void node(KubernetesClient client) {
        Node node = new NodeBuilder().withNewMetadata().withName(NODE)
                .withLabels(Map.of("kubernetes.io/hostname", NODE, "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64"))
                .endMetadata()
                .withNewSpec().withPodCIDR("10.244.0.0/24").endSpec()
                .build();
        client.nodes().resource(node).create();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").withMessage("kubelet is posting ready status")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress(NODE).endAddress()
                .withCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8009840Ki"), "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity("2"), "memory", new Quantity("7907440Ki"), "pods", new Quantity("110")))
                .withNewNodeInfo().withKubeletVersion("v1.32.0-kuberaf").withKubeProxyVersion("v1.32.0-kuberaf")
                .withContainerRuntimeVersion("docker://20.10.24").withOsImage("Debian GNU/Linux 12 (bookworm)")
                .withKernelVersion("6.1.0-18-amd64").withOperatingSystem("linux").withArchitecture("amd64")
                .withMachineID("m1").withSystemUUID("s1").withBootID("b1").endNodeInfo()
                .build());
        client.nodes().resource(node).updateStatus();
    }

    private static void pod(KubernetesClient client, String app, String name, String ip) {
        ReplicationController rc = client.replicationControllers().inNamespace("default").withName(app).get();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withLabels(rc.getSpec().getTemplate().getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion("v1").withKind("ReplicationController").withName(app)
                .withUid(rc.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata()
                .withSpec(rc.getSpec().getTemplate().getSpec())
                .build();
        pod.getSpec().setNodeName(NODE);
        Pod created = client.pods().inNamespace("default").resource(pod).create();
        String started = Instant.now().minusSeconds(100).truncatedTo(ChronoUnit.SECONDS).toString();
        created.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withHostIP("127.0.0.1").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP()
                .addNewHostIP().withIp("127.0.0.1").endHostIP()
                .withStartTime(started).withQosClass("BestEffort")
                .addNewCondition().withType("Initialized").withStatus("True").withLastTransitionTime(started).endCondition()
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(started).endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime(started).endCondition()
                .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(started).endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName(app)
                        .withImage(created.getSpec().getContainers().get(0).getImage())
                        .withImageID("docker-pullable://" + created.getSpec().getContainers().get(0).getImage())
                        .withContainerID("docker://0123456789abcdef" + app).withReady(true).withStarted(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt(started).endRunning().endState().build())
                .build());
        client.pods().inNamespace("default").resource(created).updateStatus();
    }

    private static void event(KubernetesClient client, HasMetadata object, String suffix, String reason, String message,
                              String component, int count, int firstSecondsAgo) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        client.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata()
                        .withName(object.getMetadata().getName() + "." + suffix).withNamespace("default").endMetadata()
                        .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                        .withName(object.getMetadata().getName()).withNamespace("default").withUid(object.getMetadata().getUid()).endInvolvedObject()
                        .withReason(reason).withMessage(message).withType("Normal").withCount(count)
                        .withNewSource().withComponent(component).endSource()
                        .withFirstTimestamp(now.minusSeconds(firstSecondsAgo).toString())
                        .withLastTimestamp(now.minusSeconds(count > 1 ? 30 : firstSecondsAgo).toString())
                        .build())
                .create();
    }
}
