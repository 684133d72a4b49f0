package io.kuberaf.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kuberaf.scheduler.internal.NodeState;
import io.kuberaf.scheduler.spi.NodeInfo;
import io.kuberaf.scheduler.spi.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kuberaf.scheduler.Fixtures.info;
import static io.kuberaf.scheduler.Fixtures.node;
import static io.kuberaf.scheduler.Fixtures.pod;
import static io.kuberaf.scheduler.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginsTest {

    private final Node node = node("n1", "2", "4Gi").build();

    @Test
    void resourcesFitCountsRequestsOfPodsOnTheNode() {
        NodeState busy = state(node, pod("a", "1500m", "1Gi").build());
        NodeResourcesFit fit = new NodeResourcesFit();
        assertEquals(Status.SUCCESS, fit.filter(info(pod("b", "500m", "1Gi").build()), busy));
        assertEquals(Status.unschedulable("Insufficient cpu"), fit.filter(info(pod("c", "501m", null).build()), busy));
        assertEquals(Status.unschedulable("Insufficient cpu", "Insufficient memory"),
                fit.filter(info(pod("d", "1", "4Gi").build()), busy));
        // A pod without requests always fits while there is room for one more pod.
        assertEquals(Status.SUCCESS, fit.filter(info(pod("e", null, null).build()), busy));
    }

    @Test
    void resourcesFitTakesInitContainersOverheadPodsAndExtendedResources() {
        Pod pod = pod("a", "500m", null).editSpec()
                .addNewInitContainer().withName("init").withNewResources().withRequests(Map.of("cpu", new Quantity("1800m")))
                .endResources().endInitContainer()
                .withOverhead(Map.of("cpu", new Quantity("250m")))
                .endSpec().build();
        // max(500m, 1800m) + 250m = 2050m > 2 cores
        assertEquals(2050, info(pod).requests().milliCpu());
        assertEquals(Status.unschedulable("Insufficient cpu"), new NodeResourcesFit().filter(info(pod), state(node)));

        Pod gpu = pod("g", null, null).editSpec().editFirstContainer().withNewResources()
                .withRequests(Map.of("example.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec().build();
        assertEquals(Status.unschedulable("Insufficient example.com/gpu"), new NodeResourcesFit().filter(info(gpu), state(node)));
        Node gpuNode = node("g1", "2", "4Gi").editStatus().addToAllocatable("example.com/gpu", new Quantity("1")).endStatus().build();
        assertEquals(Status.SUCCESS, new NodeResourcesFit().filter(info(gpu), state(gpuNode)));

        Node tiny = node("t", "2", "4Gi").editStatus().addToAllocatable("pods", new Quantity("1")).endStatus().build();
        assertEquals(Status.unschedulable("Too many pods"),
                new NodeResourcesFit().filter(info(pod("x", null, null).build()), state(tiny, pod("y", null, null).build())));
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() {
        NodeResourcesFit fit = new NodeResourcesFit();
        var incoming = info(pod("p", "500m", "1Gi").build());
        long empty = fit.score(incoming, state(node));
        long half = fit.score(incoming, state(node, pod("a", "1", "2Gi").build()));
        // empty: cpu (2000-500)/2000 = 75, memory (4-1)/4 = 75
        assertEquals(75, empty);
        assertEquals(25, half);
    }

    @Test
    void balancedAllocationPrefersEqualShares() {
        BalancedAllocation balanced = new BalancedAllocation();
        assertEquals(100, balanced.score(info(pod("p", "1", "2Gi").build()), state(node)));
        // cpu 1/2 = 0.5, memory 0.5Gi/4Gi = 0.125: deviation 0.1875
        assertEquals(81, balanced.score(info(pod("p", "1", "512Mi").build()), state(node)));
    }

    @Test
    void nodeUnschedulableRejectsCordonedAndNotReadyNodes() {
        NodeUnschedulable plugin = new NodeUnschedulable();
        var plain = info(pod("p", null, null).build());
        Node cordoned = node("c", "2", "4Gi").editSpec().withUnschedulable(true).endSpec().build();
        assertEquals(Status.unresolvable("node(s) were unschedulable"), plugin.filter(plain, state(cordoned)));
        var tolerant = info(pod("t", null, null).editSpec().addNewToleration().withKey("node.kubernetes.io/unschedulable")
                .withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec().build());
        assertEquals(Status.SUCCESS, plugin.filter(tolerant, state(cordoned)));
        Node notReady = node("r", "2", "4Gi").editStatus().editFirstCondition().withStatus("False").endCondition().endStatus().build();
        assertEquals(Status.unresolvable("node(s) were not ready"), plugin.filter(plain, state(notReady)));
        assertEquals(Status.SUCCESS, plugin.filter(plain, state(node)));
    }

    @Test
    void nodeNameMatchesOnlyTheNamedNode() {
        var pinned = info(pod("p", null, null).editSpec().withNodeName("n2").endSpec().build());
        assertEquals(Status.unresolvable("node(s) didn't match the requested node name"), new NodeName().filter(pinned, state(node)));
        assertEquals(Status.SUCCESS, new NodeName().filter(pinned, state(node("n2", "1", "1Gi").build())));
    }

    @Test
    void nodeSelectorAndRequiredAffinity() {
        Node labelled = node("l", "2", "4Gi").editMetadata().addToLabels("disk", "ssd").addToLabels("gen", "5").endMetadata().build();
        NodeAffinity plugin = new NodeAffinity();
        var wantsSsd = info(pod("p", null, null).editSpec().addToNodeSelector("disk", "ssd").endSpec().build());
        assertEquals(Status.SUCCESS, plugin.filter(wantsSsd, state(labelled)));
        assertEquals(Status.unresolvable("node(s) didn't match Pod's node affinity/selector"), plugin.filter(wantsSsd, state(node)));

        assertTrue(required(plugin, labelled, "gen", "Gt", "4"));
        assertTrue(!required(plugin, labelled, "gen", "Lt", "4"));
        assertTrue(required(plugin, labelled, "gen", "Lt", "6"));
        assertTrue(required(plugin, labelled, "disk", "In", "ssd", "nvme"));
        assertTrue(!required(plugin, labelled, "disk", "NotIn", "ssd"));
        assertTrue(required(plugin, labelled, "zone", "DoesNotExist"));
        assertTrue(!required(plugin, labelled, "zone", "Exists"));

        // matchFields metadata.name
        var byName = info(pod("f", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchField().withKey("metadata.name").withOperator("In").withValues("l").endMatchField()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build());
        assertEquals(Status.SUCCESS, plugin.filter(byName, state(labelled)));
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, plugin.filter(byName, state(node)).code());
    }

    private static boolean required(NodeAffinity plugin, Node node, String key, String operator, String... values) {
        var pod = info(pod("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(key).withOperator(operator).withValues(values).endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build());
        return plugin.filter(pod, state(node)).isSuccess();
    }

    @Test
    void preferredNodeAffinityScoresByWeight() {
        Node ssd = node("s", "2", "4Gi").editMetadata().addToLabels("disk", "ssd").endMetadata().build();
        var pod = info(pod("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(30).withNewPreference()
                .addNewMatchExpression().withKey("disk").withOperator("In").withValues("ssd").endMatchExpression()
                .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build());
        NodeAffinity plugin = new NodeAffinity();
        List<NodeInfo> nodes = List.of(state(ssd), state(node));
        long[] scores = {plugin.score(pod, nodes.get(0)), plugin.score(pod, nodes.get(1))};
        assertEquals(30, scores[0]);
        plugin.normalize(pod, nodes, scores);
        assertEquals(100, scores[0]);
        assertEquals(0, scores[1]);
    }

    @Test
    void taintsNeedTolerations() {
        Node tainted = node("t", "2", "4Gi").editSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule")
                .endTaint().endSpec().build();
        TaintToleration plugin = new TaintToleration();
        assertEquals(Status.unresolvable("node(s) had untolerated taint {dedicated: gpu}"),
                plugin.filter(info(pod("p", null, null).build()), state(tainted)));
        var equal = info(pod("p", null, null).editSpec().addNewToleration().withKey("dedicated").withOperator("Equal")
                .withValue("gpu").withEffect("NoSchedule").endToleration().endSpec().build());
        assertEquals(Status.SUCCESS, plugin.filter(equal, state(tainted)));
        var wrongValue = info(pod("p", null, null).editSpec().addNewToleration().withKey("dedicated")
                .withValue("db").endToleration().endSpec().build());
        assertTrue(!plugin.filter(wrongValue, state(tainted)).isSuccess());
        var everything = info(pod("p", null, null).editSpec().addNewToleration().withOperator("Exists").endToleration()
                .endSpec().build());
        assertEquals(Status.SUCCESS, plugin.filter(everything, state(tainted)));
        Node notReady = node("nr", "2", "4Gi").editSpec().addNewTaint().withKey("node.kubernetes.io/not-ready")
                .withEffect("NoExecute").endTaint().endSpec().build();
        assertEquals(Status.unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
                plugin.filter(info(pod("p", null, null).build()), state(notReady)));
    }

    @Test
    void preferNoScheduleTaintsLowerTheScore() {
        Node soft = node("s", "2", "4Gi").editSpec().addNewTaint().withKey("spot").withEffect("PreferNoSchedule").endTaint()
                .endSpec().build();
        TaintToleration plugin = new TaintToleration();
        var pod = info(pod("p", null, null).build());
        List<NodeInfo> nodes = List.of(state(soft), state(node));
        long[] scores = {plugin.score(pod, nodes.get(0)), plugin.score(pod, nodes.get(1))};
        plugin.normalize(pod, nodes, scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);
        // Taints tolerated by a PreferNoSchedule filter only affect the filter.
        assertEquals(Status.SUCCESS, plugin.filter(pod, state(soft)));
    }

    @Test
    void hostPortsConflict() {
        Pod web = pod("web", null, null).editSpec().editFirstContainer().addNewPort().withContainerPort(80).withHostPort(8080)
                .endPort().endContainer().endSpec().build();
        Pod udp = pod("udp", null, null).editSpec().editFirstContainer().addNewPort().withContainerPort(80).withHostPort(8080)
                .withProtocol("UDP").endPort().endContainer().endSpec().build();
        NodePorts plugin = new NodePorts();
        assertEquals(Status.unschedulable("node(s) didn't have free ports for the requested pod ports"),
                plugin.filter(info(web), state(node, pod("other", null, null).editSpec().editFirstContainer().addNewPort()
                        .withContainerPort(81).withHostPort(8080).endPort().endContainer().endSpec().build())));
        assertEquals(Status.SUCCESS, plugin.filter(info(udp), state(node, web)));
    }

    @Test
    void requiredAntiAffinityOnHostname() {
        Pod db = pod("db-0", null, null).editMetadata().addToLabels("app", "db").endMetadata().build();
        Pod antiDb = pod("db-1", null, null).editMetadata().addToLabels("app", "db").endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "db").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build();
        InterPodAffinity plugin = new InterPodAffinity();
        assertEquals(Status.unschedulable("node(s) didn't match pod anti-affinity rules"), plugin.filter(info(antiDb), state(node, db)));
        assertEquals(Status.SUCCESS, plugin.filter(info(antiDb), state(node)));
        // The rule of a pod already there keeps matching pods away too.
        assertEquals(Status.unschedulable("node(s) didn't satisfy existing pods anti-affinity rules"),
                plugin.filter(info(db), state(node, antiDb)));
        // Other namespaces are not matched unless the term names them.
        Pod elsewhere = pod("db-x", null, null).editMetadata().withNamespace("other").addToLabels("app", "db").endMetadata().build();
        assertEquals(Status.SUCCESS, plugin.filter(info(antiDb), state(node, elsewhere)));
    }

    @Test
    void preferredAntiAffinityScoresNodesWithoutMatchesHigher() {
        Pod cache = pod("cache-0", null, null).editMetadata().addToLabels("app", "cache").endMetadata().build();
        var pod = info(pod("cache-1", null, null).editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100).withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "cache").endLabelSelector()
                .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .endSpec().build());
        InterPodAffinity plugin = new InterPodAffinity();
        List<NodeInfo> nodes = List.of(state(node, cache), state(node("n2", "2", "4Gi").build()));
        long[] scores = {plugin.score(pod, nodes.get(0)), plugin.score(pod, nodes.get(1))};
        assertEquals(-100, scores[0]);
        plugin.normalize(pod, nodes, scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);
    }

    @Test
    void selectorSpreadPrefersNodesWithFewerPodsOfTheSameOwner() {
        Pod sibling = owned(pod("rc-a", null, null).build(), "rc-uid");
        Pod stranger = owned(pod("other", null, null).build(), "other-uid");
        var incoming = info(owned(pod("rc-b", null, null).build(), "rc-uid"));
        SelectorSpread plugin = new SelectorSpread();
        List<NodeInfo> nodes = List.of(state(node, sibling), state(node("n2", "2", "4Gi").build(), stranger));
        long[] scores = {plugin.score(incoming, nodes.get(0)), plugin.score(incoming, nodes.get(1))};
        assertEquals(1, scores[0]);
        assertEquals(0, scores[1]);
        plugin.normalize(incoming, nodes, scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);
    }

    private static Pod owned(Pod pod, String ownerUid) {
        pod.getMetadata().getOwnerReferences().add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("ReplicationController").withName("rc").withUid(ownerUid).withController(true).build());
        return pod;
    }
}
