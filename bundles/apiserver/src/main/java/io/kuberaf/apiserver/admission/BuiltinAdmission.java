package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.ResourceType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.kuberaf.apiserver.admission.ObjectMetaRules.NameRule.DNS1123_LABEL;
import static io.kuberaf.apiserver.admission.ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;

/**
 * Kubernetes' rules for the built-in kinds, applied in the order kube-apiserver applies them:
 * defaults (and the mutating admission plugins), then validation of the whole object (one 422
 * naming every bad field), then allocation of cluster IPs and node ports.
 */
public final class BuiltinAdmission implements Admission {

    /** kube-apiserver's default --service-cluster-ip-range and --service-node-port-range. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    public static final String DEFAULT_NODE_PORTS = "30000-32767";

    private final Map<String, KindRules> rules = new HashMap<>();
    private final ServiceAllocations services;

    public BuiltinAdmission() {
        this(DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORTS);
    }

    public BuiltinAdmission(String serviceClusterIpRange, String serviceNodePortRange) {
        this.services = new ServiceAllocations(serviceClusterIpRange, serviceNodePortRange);
        core("Namespace", KindRules.named(DNS1123_LABEL));
        core("Pod", new PodRules());
        core("Service", new ServiceRules());
        core("ReplicationController", new ControllerRules(ControllerRules.Kind.REPLICATION_CONTROLLER));
        core("ConfigMap", new ConfigRules.ConfigMaps());
        core("Secret", new ConfigRules.Secrets());
        core("ServiceAccount", KindRules.named(DNS1123_SUBDOMAIN));
        core("Node", new ClusterRules.Nodes());
        core("Event", new ClusterRules.Events());
        core("PersistentVolume", new StorageRules.Volumes());
        core("PersistentVolumeClaim", new StorageRules.Claims());
        for (String kind : List.of("Endpoints", "LimitRange", "ResourceQuota", "PodTemplate")) {
            core(kind, KindRules.named(DNS1123_SUBDOMAIN));
        }
        rules.put("apps/Deployment", new ControllerRules(ControllerRules.Kind.DEPLOYMENT));
        rules.put("apps/ReplicaSet", new ControllerRules(ControllerRules.Kind.REPLICA_SET));
        rules.put("apps/StatefulSet", new ControllerRules(ControllerRules.Kind.STATEFUL_SET));
        rules.put("apps/DaemonSet", new ControllerRules(ControllerRules.Kind.DAEMON_SET));
        rules.put("apps/ControllerRevision", KindRules.named(DNS1123_SUBDOMAIN));
        rules.put("batch/Job", new BatchRules.Jobs());
        rules.put("batch/CronJob", new BatchRules.CronJobs());
        rules.put("coordination.k8s.io/Lease", new ClusterRules.Leases());
        rules.put("events.k8s.io/Event", new ClusterRules.NewEvents());
        rules.put("discovery.k8s.io/EndpointSlice", KindRules.named(DNS1123_SUBDOMAIN));
        rules.put(ClusterRules.RBAC_GROUP + "/Role", new ClusterRules.Roles(true));
        rules.put(ClusterRules.RBAC_GROUP + "/ClusterRole", new ClusterRules.Roles(false));
        rules.put(ClusterRules.RBAC_GROUP + "/RoleBinding", new ClusterRules.Bindings(true));
        rules.put(ClusterRules.RBAC_GROUP + "/ClusterRoleBinding", new ClusterRules.Bindings(false));
    }

    private void core(String kind, KindRules rule) {
        rules.put("/" + kind, rule);
    }

    private KindRules rulesOf(ResourceType type) {
        return rules.get(type.group() + "/" + type.kind());
    }

    private static boolean isService(ResourceType type) {
        return type.group().isEmpty() && type.kind().equals("Service");
    }

    @Override
    public void admitCreate(ResourceType type, ObjectNode object) {
        NamespaceLifecycle.defaults(type, object);
        KindRules kind = rulesOf(type);
        if (kind == null) {
            return;
        }
        kind.defaults(object, null);
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.validate(object, kind.nameRule(), errors);
        kind.validate(object, errors);
        errors.throwIfAny(type, object.path("metadata").path("name").asText());
        if (isService(type)) {
            services.allocate(type, object, null);
        }
    }

    @Override
    public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        if (type.kind().equals("Namespace") && !object.path("status").has("phase")) {
            NamespaceLifecycle.defaults(type, object);
        }
        KindRules kind = rulesOf(type);
        if (kind == null) {
            return;
        }
        kind.defaults(object, old);
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.validate(object, kind.nameRule(), errors);
        kind.validate(object, errors);
        kind.validateUpdate(object, old, errors);
        errors.throwIfAny(type, object.path("metadata").path("name").asText());
        if (isService(type)) {
            services.allocate(type, object, old);
        }
    }

    @Override
    public void written(ResourceType type, ObjectNode object, ObjectNode old) {
        if (isService(type) && old != null) {
            services.release(old, object);
        }
    }

    @Override
    public void notWritten(ResourceType type, ObjectNode object, ObjectNode old) {
        if (isService(type)) {
            services.release(object, old);
        }
    }

    @Override
    public void deleted(ResourceType type, ObjectNode object) {
        if (isService(type)) {
            services.release(object, null);
        }
    }

    @Override
    public void restore(List<ResourceType> types, Function<ResourceType, List<ObjectNode>> stored) {
        for (ResourceType type : types) {
            if (isService(type)) {
                stored.apply(type).forEach(services::restore);
            }
        }
    }

    /** The allocators, for tests. */
    ServiceAllocations services() {
        return services;
    }
}
