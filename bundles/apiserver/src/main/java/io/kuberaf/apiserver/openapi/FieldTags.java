package io.kuberaf.apiserver.openapi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kuberaf's one table of what Kubernetes' Go types say about their fields beyond JSON names and
 * types: the {@code +patchStrategy}/{@code +patchMergeKey} tags (strategic merge patch and
 * server-side apply merge lists by these), the {@code +listType}/{@code +listMapKey} tags, and
 * which fields are required. Written from k8s.io/api's and apimachinery's types.go; keyed by the
 * Go type's name and the field's JSON name. The OpenAPI documents publish it as
 * {@code x-kubernetes-*} extensions and {@code required} lists; the patch code reads it through
 * {@link KindSchemas}.
 */
public final class FieldTags {

    /**
     * One field's tags.
     *
     * @param strategies   patch strategies: "merge", "retainKeys", "replace" (empty: lists replace, objects merge)
     * @param mergeKey     the key that identifies list elements for "merge", or null
     * @param listType     "atomic", "set" or "map", or null
     * @param listMapKeys  the keys of a "map" list
     */
    public record Tag(List<String> strategies, String mergeKey, String listType, List<String> listMapKeys) {

        public static final Tag NONE = new Tag(List.of(), null, null, List.of());

        public boolean merges() {
            return strategies.contains("merge");
        }

        public boolean retainsKeys() {
            return strategies.contains("retainKeys");
        }

        public boolean replaces() {
            return strategies.contains("replace");
        }
    }

    private static final Map<String, Tag> TAGS = new HashMap<>();
    private static final Map<String, List<String>> REQUIRED = new HashMap<>();

    static {
        // meta/v1
        merge("ObjectMeta.ownerReferences", "uid", "uid");
        tag("ObjectMeta.finalizers", List.of("merge"), null, "set");
        atomic("LabelSelector.matchExpressions", "LabelSelectorRequirement.values", "ObjectMeta.managedFields");
        // core/v1: the pod template
        merge("PodSpec.containers", "name", "name");
        merge("PodSpec.initContainers", "name", "name");
        merge("PodSpec.ephemeralContainers", "name", "name");
        tag("PodSpec.volumes", List.of("merge", "retainKeys"), "name", "map", "name");
        merge("PodSpec.imagePullSecrets", "name", "name");
        merge("PodSpec.hostAliases", "ip", "ip");
        merge("PodSpec.topologySpreadConstraints", "topologyKey", "topologyKey", "whenUnsatisfiable");
        merge("PodSpec.schedulingGates", "name", "name");
        tag("PodSpec.resourceClaims", List.of("merge", "retainKeys"), "name", "map", "name");
        atomic("PodSpec.tolerations", "PodSpec.readinessGates");
        for (String container : List.of("Container", "EphemeralContainer")) {
            merge(container + ".ports", "containerPort", "containerPort", "protocol");
            merge(container + ".env", "name", "name");
            merge(container + ".volumeMounts", "mountPath", "mountPath");
            merge(container + ".volumeDevices", "devicePath", "devicePath");
            atomic(container + ".command", container + ".args", container + ".envFrom", container + ".resizePolicy");
        }
        tag("ResourceRequirements.claims", List.of(), null, "map", "name");
        atomic("ExecAction.command", "HTTPGetAction.httpHeaders", "Capabilities.add", "Capabilities.drop",
                "PodSecurityContext.supplementalGroups", "PodSecurityContext.sysctls", "PodDNSConfig.nameservers",
                "PodDNSConfig.searches", "PodDNSConfig.options", "HostAlias.hostnames", "NodeSelector.nodeSelectorTerms",
                "NodeSelectorTerm.matchExpressions", "NodeSelectorTerm.matchFields", "NodeSelectorRequirement.values",
                "PodAffinity.requiredDuringSchedulingIgnoredDuringExecution",
                "PodAffinity.preferredDuringSchedulingIgnoredDuringExecution",
                "PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution",
                "PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution",
                "NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm.namespaces",
                "TopologySpreadConstraint.matchLabelKeys", "SecretVolumeSource.items", "ConfigMapVolumeSource.items",
                "SecretProjection.items", "ConfigMapProjection.items", "ProjectedVolumeSource.sources",
                "DownwardAPIVolumeSource.items", "DownwardAPIProjection.items");
        // core/v1: status
        merge("PodStatus.conditions", "type", "type");
        tag("PodStatus.podIPs", List.of("merge"), "ip", "map", "ip");
        tag("PodStatus.hostIPs", List.of("merge"), "ip", "atomic");
        atomic("PodStatus.containerStatuses", "PodStatus.initContainerStatuses", "PodStatus.ephemeralContainerStatuses");
        merge("ContainerStatus.volumeMounts", "mountPath", "mountPath");
        for (String status : List.of("ReplicationControllerStatus", "ServiceStatus", "NodeStatus", "NamespaceStatus",
                "PersistentVolumeClaimStatus", "ComponentStatus")) {
            merge(status + ".conditions", "type", "type");
        }
        merge("NodeStatus.addresses", "type", "type");
        atomic("NodeStatus.images", "NodeStatus.volumesInUse", "NodeStatus.volumesAttached", "NodeSpec.taints",
                "NamespaceSpec.finalizers", "LimitRangeSpec.limits", "ResourceQuotaSpec.scopes",
                "PersistentVolumeSpec.accessModes", "PersistentVolumeSpec.mountOptions",
                "PersistentVolumeClaimSpec.accessModes", "PersistentVolumeClaimStatus.accessModes",
                "LoadBalancerStatus.ingress", "Endpoints.subsets", "EndpointSubset.addresses",
                "EndpointSubset.notReadyAddresses", "EndpointSubset.ports", "ServiceAccount.imagePullSecrets");
        tag("NodeSpec.podCIDRs", List.of("merge"), null, "set");
        // core/v1: services and accounts
        merge("ServiceSpec.ports", "port", "port", "protocol");
        atomic("ServiceSpec.clusterIPs", "ServiceSpec.externalIPs", "ServiceSpec.loadBalancerSourceRanges",
                "ServiceSpec.ipFamilies");
        merge("ServiceAccount.secrets", "name", "name");
        // apps/v1
        tag("DeploymentSpec.strategy", List.of("retainKeys"), null, null);
        for (String status : List.of("DeploymentStatus", "StatefulSetStatus", "DaemonSetStatus", "ReplicaSetStatus",
                "PodDisruptionBudgetStatus")) {
            merge(status + ".conditions", "type", "type");
        }
        atomic("StatefulSetSpec.volumeClaimTemplates");
        // batch/v1
        tag("JobStatus.conditions", List.of("merge"), "type", "atomic");
        atomic("CronJobStatus.active", "PodFailurePolicy.rules", "PodFailurePolicyRule.onPodConditions",
                "SuccessPolicy.rules");
        tag("PodFailurePolicyOnExitCodesRequirement.values", List.of(), null, "set");
        tag("UncountedTerminatedPods.succeeded", List.of(), null, "set");
        tag("UncountedTerminatedPods.failed", List.of(), null, "set");
        // policy/v1
        tag("PodDisruptionBudgetSpec.selector", List.of("replace"), null, null);
        // rbac/v1
        atomic("PolicyRule.verbs", "PolicyRule.apiGroups", "PolicyRule.resources", "PolicyRule.resourceNames",
                "PolicyRule.nonResourceURLs", "Role.rules", "ClusterRole.rules", "RoleBinding.subjects",
                "ClusterRoleBinding.subjects", "AggregationRule.clusterRoleSelectors");
        // discovery/v1
        atomic("EndpointSlice.endpoints", "EndpointSlice.ports", "EndpointHints.forZones");
        tag("Endpoint.addresses", List.of(), null, "set");

        required("ObjectMeta");
        required("OwnerReference", "apiVersion", "kind", "name", "uid");
        required("LabelSelectorRequirement", "key", "operator");
        required("PodSpec", "containers");
        required("Container", "name");
        required("EphemeralContainer", "name");
        required("ContainerPort", "containerPort");
        required("EnvVar", "name");
        required("VolumeMount", "name", "mountPath");
        required("VolumeDevice", "name", "devicePath");
        required("Volume", "name");
        required("KeyToPath", "key", "path");
        required("ConfigMapKeySelector", "key");
        required("SecretKeySelector", "key");
        required("ObjectFieldSelector", "fieldPath");
        required("ResourceFieldSelector", "resource");
        required("HTTPGetAction", "port");
        required("HTTPHeader", "name", "value");
        required("TCPSocketAction", "port");
        required("GRPCAction", "port");
        required("NodeSelector", "nodeSelectorTerms");
        required("NodeSelectorRequirement", "key", "operator");
        required("PreferredSchedulingTerm", "weight", "preference");
        required("PodAffinityTerm", "topologyKey");
        required("WeightedPodAffinityTerm", "weight", "podAffinityTerm");
        required("TopologySpreadConstraint", "maxSkew", "topologyKey", "whenUnsatisfiable");
        required("Taint", "key", "effect");
        required("ServicePort", "port");
        required("PodTemplateSpec");
        required("DeploymentSpec", "selector", "template");
        required("ReplicaSetSpec", "selector");
        required("StatefulSetSpec", "selector", "template");
        required("DaemonSetSpec", "selector", "template");
        required("JobSpec", "template");
        required("CronJobSpec", "schedule", "jobTemplate");
        required("JobTemplateSpec");
        required("PolicyRule", "verbs");
        required("RoleRef", "apiGroup", "kind", "name");
        required("Subject", "kind", "name");
        required("RoleBinding", "roleRef");
        required("ClusterRoleBinding", "roleRef");
        required("EndpointSlice", "addressType", "endpoints");
        required("Endpoint", "addresses");
        required("Event", "eventTime");
        required("EndpointAddress", "ip");
        required("EndpointPort", "port");
        required("ScaleSpec");
    }

    private FieldTags() {
    }

    /** The tag of {@code field} of the Go type {@code type} (a Kubernetes type's short name, e.g. "PodSpec"). */
    public static Tag of(String type, String field) {
        return TAGS.getOrDefault(type + "." + field, Tag.NONE);
    }

    /** The required fields of a Go type (e.g. "Container" requires "name"). */
    public static List<String> required(String type) {
        return REQUIRED.getOrDefault(type, List.of());
    }

    private static void merge(String field, String mergeKey, String... mapKeys) {
        tag(field, List.of("merge"), mergeKey, "map", mapKeys);
    }

    private static void atomic(String... fields) {
        for (String field : fields) {
            tag(field, List.of(), null, "atomic");
        }
    }

    private static void tag(String field, List<String> strategies, String mergeKey, String listType, String... mapKeys) {
        TAGS.put(field, new Tag(strategies, mergeKey, listType, List.of(mapKeys)));
    }

    private static void required(String type, String... fields) {
        if (fields.length > 0) {
            REQUIRED.put(type, List.of(fields));
        }
    }
}
