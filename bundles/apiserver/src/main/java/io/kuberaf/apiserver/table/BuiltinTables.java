package io.kuberaf.apiserver.table;

/**
 * The printers of the built-in kinds, with the columns and cells kube-apiserver's printers give them.
 * LimitRange, Role and ClusterRole have no printer in Kubernetes: they print NAME CREATED AT.
 */
public final class BuiltinTables {

    private BuiltinTables() {
    }

    public static Tables create() {
        Tables tables = new Tables();
        // core/v1
        tables.register("v1", "Pod", new PodTable());
        tables.register("v1", "ReplicationController", new ReplicationControllerTable());
        tables.register("v1", "Service", new ServiceTable());
        tables.register("v1", "Endpoints", new EndpointsTable());
        tables.register("v1", "Node", new NodeTable());
        tables.register("v1", "Namespace", new NamespaceTable());
        tables.register("v1", "Event", EventTable.V1);
        tables.register("v1", "ConfigMap", CountTables.CONFIG_MAP);
        tables.register("v1", "Secret", CountTables.SECRET);
        tables.register("v1", "ServiceAccount", CountTables.SERVICE_ACCOUNT);
        tables.register("v1", "PersistentVolume", VolumeTables.PERSISTENT_VOLUME);
        tables.register("v1", "PersistentVolumeClaim", VolumeTables.PERSISTENT_VOLUME_CLAIM);
        tables.register("v1", "LimitRange", DefaultTableConvertor.INSTANCE);
        tables.register("v1", "ResourceQuota", new ResourceQuotaTable());
        // apps/v1
        tables.register("apps/v1", "Deployment", new DeploymentTable());
        tables.register("apps/v1", "ReplicaSet", new ReplicaSetTable());
        tables.register("apps/v1", "StatefulSet", new StatefulSetTable());
        tables.register("apps/v1", "DaemonSet", new DaemonSetTable());
        tables.register("apps/v1", "ControllerRevision", new ControllerRevisionTable());
        // batch/v1
        tables.register("batch/v1", "Job", new JobTable());
        tables.register("batch/v1", "CronJob", new CronJobTable());
        // coordination, events, discovery
        tables.register("coordination.k8s.io/v1", "Lease", new LeaseTable());
        tables.register("events.k8s.io/v1", "Event", EventTable.EVENTS_V1);
        tables.register("discovery.k8s.io/v1", "EndpointSlice", new EndpointSliceTable());
        // rbac
        tables.register("rbac.authorization.k8s.io/v1", "Role", DefaultTableConvertor.INSTANCE);
        tables.register("rbac.authorization.k8s.io/v1", "RoleBinding", RoleBindingTable.ROLE_BINDING);
        tables.register("rbac.authorization.k8s.io/v1", "ClusterRole", DefaultTableConvertor.INSTANCE);
        tables.register("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", RoleBindingTable.CLUSTER_ROLE_BINDING);
        tables.register("apiextensions.k8s.io/v1", "CustomResourceDefinition", DefaultTableConvertor.INSTANCE);
        return tables;
    }
}
