package io.kuberaf.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kuberaf.api.runtime.RuntimeHealth;
import io.kuberaf.kubelet.events.EventRecorder;
import io.kuberaf.kubelet.spi.KubeletOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The kubelet's Node: registers it (creates it, or adopts one that exists), writes its status (capacity,
 * addresses, nodeInfo, conditions) when it changes and at least every status report period, renews its
 * Lease in kube-node-lease, and hands the pod CIDR to the runtime once the control plane assigns it.
 */
final class NodeAgent {

    static final String KUBELET_VERSION = "v1.32.0-kuberaf";
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final int MAX_IMAGES = 50;

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final Kubelet kubelet;
    private final KubeletOptions options;
    private final KubernetesClient client;
    private final EventRecorder events;
    private volatile String nodeUid;
    private volatile String podCidr;
    private NodeStatus lastWritten;
    private Instant lastWrittenAt = Instant.EPOCH;
    private Lease lease;
    private Boolean wasReady;

    NodeAgent(Kubelet kubelet) {
        this.kubelet = kubelet;
        this.options = kubelet.options();
        this.client = kubelet.client();
        this.events = kubelet.events();
    }

    String nodeUid() {
        return nodeUid;
    }

    /** Creates the Node or adopts the existing one (its labels are merged), then writes its status. */
    void register() {
        String name = options.nodeName();
        Node existing = client.nodes().withName(name).get();
        if (existing == null) {
            try {
                Node created = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                        .withLabels(labels()).endMetadata().withNewSpec().endSpec().build()).create();
                nodeUid = created.getMetadata().getUid();
                LOG.info("Registered node {} with the apiserver", name);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.nodes().withName(name).get();
            }
        }
        if (existing != null) {
            nodeUid = existing.getMetadata().getUid();
            Map<String, String> current = existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
            if (!current.entrySet().containsAll(labels().entrySet())) {
                String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("labels", labels())));
                client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            }
            LOG.info("Node {} already registered; the kubelet adopts it", name);
            onNode(existing);
        }
        kubelet.onRegistration().run();
        events.normal(nodeReference(), "Starting", "Starting kubelet.");
        updateStatus(true);
        renewLease();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", options.nodeName());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", MachineInfo.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", MachineInfo.architecture());
        labels.putAll(options.labels());
        return labels;
    }

    ObjectReference nodeReference() {
        return new ObjectReferenceBuilder().withKind("Node").withApiVersion("v1").withName(options.nodeName())
                .withUid(options.nodeName()).build();  // Kubernetes' kubelet uses the node name as the event uid
    }

    /** The Node as the informer sees it: picks up spec.podCIDR once. */
    void onNode(Node node) {
        String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        if (cidr != null && !cidr.isEmpty() && !cidr.equals(podCidr)) {
            try {
                kubelet.runtime().updatePodCidr(cidr);
                podCidr = cidr;
                LOG.info("Node {}: pod CIDR {} handed to the {} runtime", options.nodeName(), cidr,
                        kubelet.runtimeName());
            } catch (RuntimeException e) {
                LOG.warn("Node {}: the runtime refused pod CIDR {}: {}", options.nodeName(), cidr, e.getMessage());
            }
        }
    }

    /** Computes the status; writes it when it changed or the report period passed (or when forced). */
    synchronized void updateStatus(boolean force) {
        Instant now = Instant.now();
        NodeStatus status = computeStatus(now);
        boolean due = force || lastWritten == null || !sameExceptHeartbeats(status, lastWritten)
                || now.isAfter(lastWrittenAt.plus(options.statusReportPeriod()));
        if (!due) {
            return;
        }
        String json = client.getKubernetesSerialization().asJson(Map.of("status", status));
        try {
            client.nodes().withName(options.nodeName()).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            LOG.warn("Node {} was deleted from the API; the kubelet registers it again", options.nodeName());
            lastWritten = null;
            register();
            return;
        }
        lastWritten = status;
        lastWrittenAt = now;
        boolean ready = status.getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        if (!Objects.equals(wasReady, ready)) {
            events.normal(nodeReference(), ready ? "NodeReady" : "NodeNotReady",
                    "Node " + options.nodeName() + " status is now: " + (ready ? "NodeReady" : "NodeNotReady"));
            if (!ready) {
                LOG.warn("Node {} is not ready: {}", options.nodeName(), kubelet.runtime().health().message());
            }
            wasReady = ready;
        }
    }

    private NodeStatus computeStatus(Instant now) {
        Map<String, Quantity> capacity = capacity();
        NodeStatus status = new NodeStatus();
        status.setCapacity(capacity);
        status.setAllocatable(capacity);
        status.setAddresses(List.of(new NodeAddress(options.address(), "InternalIP"),
                new NodeAddress(options.nodeName(), "Hostname")));
        status.setNodeInfo(new NodeSystemInfoBuilder()
                .withMachineID(options.hollow() ? options.nodeName() : MachineInfo.machineId())
                .withSystemUUID(options.hollow() ? options.nodeName() : MachineInfo.machineId())
                .withBootID(MachineInfo.bootId())
                .withKernelVersion(MachineInfo.kernelVersion())
                .withOsImage(MachineInfo.osImage())
                .withContainerRuntimeVersion(kubelet.runtime().version().nodeInfoForm())
                .withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion(KUBELET_VERSION)
                .withOperatingSystem("linux")
                .withArchitecture(MachineInfo.architecture())
                .build());
        status.setDaemonEndpoints(new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder()
                .withNewKubeletEndpoint(options.port()).build());
        status.setConditions(conditions(now));
        status.setImages(images());
        return status;
    }

    /** The largest images on the node (Kubernetes reports 50), for the scheduler's image locality. */
    private List<io.fabric8.kubernetes.api.model.ContainerImage> images() {
        return kubelet.runtime().listImages().stream()
                .sorted(java.util.Comparator.comparingLong(io.kuberaf.api.runtime.ImageInfo::sizeBytes).reversed()
                        .thenComparing(io.kuberaf.api.runtime.ImageInfo::id))
                .limit(MAX_IMAGES)
                .map(image -> {
                    List<String> names = new ArrayList<>(image.repoTags());
                    names.add(image.id());
                    return new io.fabric8.kubernetes.api.model.ContainerImage(names, image.sizeBytes());
                })
                .toList();
    }

    Map<String, Quantity> capacity() {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        if (options.hollow()) {
            capacity.put("cpu", new Quantity(String.valueOf(options.hollowCpus())));
            capacity.put("memory", new Quantity(options.hollowMemoryBytes() / 1024 + "Ki"));
            capacity.put("ephemeral-storage", new Quantity("100Gi"));
        } else {
            capacity.put("cpu", new Quantity(String.valueOf(MachineInfo.cpus())));
            capacity.put("memory", new Quantity(MachineInfo.memoryBytes() / 1024 + "Ki"));
            capacity.put("ephemeral-storage", new Quantity(MachineInfo.diskBytes(options.dataDir()) / 1024 + "Ki"));
        }
        capacity.put("pods", new Quantity(String.valueOf(options.maxPods())));
        return capacity;
    }

    private List<NodeCondition> conditions(Instant now) {
        boolean memoryPressure = !options.hollow() && MachineInfo.memoryAvailableBytes() < MachineInfo.MEMORY_AVAILABLE_MIN;
        boolean diskPressure = !options.hollow()
                && MachineInfo.diskAvailableFraction(options.dataDir()) < MachineInfo.DISK_AVAILABLE_MIN;
        boolean pidPressure = !options.hollow() && MachineInfo.pidsAvailableFraction() < MachineInfo.PIDS_AVAILABLE_MIN;
        RuntimeHealth health = kubelet.runtime().health();
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("MemoryPressure", memoryPressure, memoryPressure ? "KubeletHasInsufficientMemory"
                : "KubeletHasSufficientMemory", "kubelet has " + (memoryPressure ? "insufficient" : "sufficient")
                + " memory available", now));
        conditions.add(condition("DiskPressure", diskPressure, diskPressure ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                diskPressure ? "kubelet has disk pressure" : "kubelet has no disk pressure", now));
        conditions.add(condition("PIDPressure", pidPressure, pidPressure ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
                "kubelet has " + (pidPressure ? "insufficient" : "sufficient") + " PID available", now));
        conditions.add(condition("Ready", health.ready(), health.ready() ? "KubeletReady" : "KubeletNotReady",
                health.ready() ? "kubelet is posting ready status" : "container runtime is down: " + health.message(), now));
        return conditions;
    }

    private NodeCondition condition(String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        String transition = lastWritten == null ? null : lastWritten.getConditions().stream()
                .filter(c -> c.getType().equals(type) && c.getStatus().equals(status))
                .map(NodeCondition::getLastTransitionTime).findFirst().orElse(null);
        String time = PodStatusBuilder.time(now);
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time).withLastTransitionTime(transition == null ? time : transition).build();
    }

    private static boolean sameExceptHeartbeats(NodeStatus a, NodeStatus b) {
        NodeStatus copyA = withoutHeartbeats(a);
        NodeStatus copyB = withoutHeartbeats(b);
        return copyA.equals(copyB);
    }

    private static NodeStatus withoutHeartbeats(NodeStatus status) {
        NodeStatus copy = new io.fabric8.kubernetes.api.model.NodeStatusBuilder(status).build();
        copy.setConditions(status.getConditions().stream()
                .map(c -> new NodeConditionBuilder(c).withLastHeartbeatTime(null).build()).toList());
        return copy;
    }

    /** Renews (or creates) the node's Lease: the node controller's sign that the kubelet lives. */
    synchronized void renewLease() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(ZoneOffset.UTC);
        try {
            if (lease == null) {
                lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(options.nodeName()).get();
            }
            if (lease == null) {
                lease = client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
                        .withNewMetadata().withName(options.nodeName()).withNamespace(LEASE_NAMESPACE)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                                .withName(options.nodeName()).withUid(nodeUid).build())
                        .endMetadata()
                        .withNewSpec().withHolderIdentity(options.nodeName())
                        .withLeaseDurationSeconds((int) options.leaseDuration().toSeconds())
                        .withRenewTime(now).endSpec().build()).create();
                return;
            }
            lease.getSpec().setRenewTime(now);
            lease.getSpec().setHolderIdentity(options.nodeName());
            lease.getSpec().setLeaseDurationSeconds((int) options.leaseDuration().toSeconds());
            lease = client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
        } catch (KubernetesClientException e) {
            lease = null;  // re-read it next time (conflict, or deleted)
            if (e.getCode() != 409) {
                LOG.warn("Node {}: renewing the lease failed: {}", options.nodeName(), e.getMessage());
            }
        }
    }
}
