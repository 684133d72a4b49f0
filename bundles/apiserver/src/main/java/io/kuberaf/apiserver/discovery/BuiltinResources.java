package io.kuberaf.apiserver.discovery;

import io.kuberaf.apiserver.discovery.ResourceType.Subresource;

import java.util.ArrayList;
import java.util.List;

import static io.kuberaf.apiserver.discovery.ResourceType.ALL_VERBS;

/** The Kubernetes resources Kuberaf serves out of the box, as kube-apiserver advertises them. */
public final class BuiltinResources {

    private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");
    private static final List<String> CREATE = List.of("create");

    private BuiltinResources() {
    }

    public static List<ResourceType> all() {
        List<ResourceType> types = new ArrayList<>();
        // core/v1
        types.add(cluster("", "v1", "Namespace", "namespaces", List.of("ns"), List.of(),
                List.of("create", "delete", "get", "list", "patch", "update", "watch"),
                status("", "v1", "Namespace"), new Subresource("finalize", "", "v1", "Namespace", List.of("update"))));
        types.add(namespaced("", "v1", "Pod", "pods", List.of("po"), List.of("all"), ALL_VERBS,
                status("", "v1", "Pod"),
                new Subresource("binding", "", "v1", "Binding", CREATE),
                new Subresource("eviction", "policy", "v1", "Eviction", CREATE),
                new Subresource("log", "", "v1", "Pod", List.of("get")),
                new Subresource("exec", "", "v1", "PodExecOptions", List.of("create", "get")),
                new Subresource("attach", "", "v1", "PodAttachOptions", List.of("create", "get")),
                new Subresource("portforward", "", "v1", "PodPortForwardOptions", List.of("create", "get"))));
        types.add(namespaced("", "v1", "Service", "services", List.of("svc"), List.of("all"),
                List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
                status("", "v1", "Service")));
        types.add(namespaced("", "v1", "Endpoints", "endpoints", List.of("ep"), List.of(), ALL_VERBS));
        types.add(namespaced("", "v1", "ReplicationController", "replicationcontrollers", List.of("rc"), List.of("all"),
                ALL_VERBS, status("", "v1", "ReplicationController"), scale()));
        types.add(cluster("", "v1", "Node", "nodes", List.of("no"), List.of(), ALL_VERBS, status("", "v1", "Node")));
        types.add(namespaced("", "v1", "Event", "events", List.of("ev"), List.of(), ALL_VERBS));
        types.add(namespaced("", "v1", "ConfigMap", "configmaps", List.of("cm"), List.of(), ALL_VERBS));
        types.add(namespaced("", "v1", "Secret", "secrets", List.of(), List.of(), ALL_VERBS));
        types.add(namespaced("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), List.of(), ALL_VERBS));
        types.add(cluster("", "v1", "PersistentVolume", "persistentvolumes", List.of("pv"), List.of(), ALL_VERBS,
                status("", "v1", "PersistentVolume")));
        types.add(namespaced("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"), List.of(),
                ALL_VERBS, status("", "v1", "PersistentVolumeClaim")));
        types.add(namespaced("", "v1", "LimitRange", "limitranges", List.of("limits"), List.of(), ALL_VERBS));
        types.add(namespaced("", "v1", "ResourceQuota", "resourcequotas", List.of("quota"), List.of(), ALL_VERBS,
                status("", "v1", "ResourceQuota")));
        // apps/v1
        types.add(namespaced("apps", "v1", "Deployment", "deployments", List.of("deploy"), List.of("all"), ALL_VERBS,
                status("apps", "v1", "Deployment"), scale()));
        types.add(namespaced("apps", "v1", "ReplicaSet", "replicasets", List.of("rs"), List.of("all"), ALL_VERBS,
                status("apps", "v1", "ReplicaSet"), scale()));
        types.add(namespaced("apps", "v1", "StatefulSet", "statefulsets", List.of("sts"), List.of("all"), ALL_VERBS,
                status("apps", "v1", "StatefulSet"), scale()));
        types.add(namespaced("apps", "v1", "DaemonSet", "daemonsets", List.of("ds"), List.of("all"), ALL_VERBS,
                status("apps", "v1", "DaemonSet")));
        types.add(namespaced("apps", "v1", "ControllerRevision", "controllerrevisions", List.of(), List.of(), ALL_VERBS));
        // batch/v1
        types.add(namespaced("batch", "v1", "Job", "jobs", List.of(), List.of("all"), ALL_VERBS, status("batch", "v1", "Job")));
        types.add(namespaced("batch", "v1", "CronJob", "cronjobs", List.of("cj"), List.of("all"), ALL_VERBS,
                status("batch", "v1", "CronJob")));
        // coordination, events, discovery
        types.add(namespaced("coordination.k8s.io", "v1", "Lease", "leases", List.of(), List.of(), ALL_VERBS));
        types.add(namespaced("events.k8s.io", "v1", "Event", "events", List.of("ev"), List.of(), ALL_VERBS));
        types.add(namespaced("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", List.of(), List.of(), ALL_VERBS));
        // rbac (stored now; enforced once authorization lands)
        types.add(namespaced("rbac.authorization.k8s.io", "v1", "Role", "roles", List.of(), List.of(), ALL_VERBS));
        types.add(namespaced("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", List.of(), List.of(), ALL_VERBS));
        types.add(cluster("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", List.of(), List.of(), ALL_VERBS));
        types.add(cluster("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", List.of(), List.of(),
                ALL_VERBS));
        types.add(io.kuberaf.apiserver.crd.CrdDefinitions.crdType());
        return types;
    }

    private static Subresource status(String group, String version, String kind) {
        return new Subresource("status", group, version, kind, GET_PATCH_UPDATE);
    }

    private static Subresource scale() {
        return new Subresource("scale", "autoscaling", "v1", "Scale", GET_PATCH_UPDATE);
    }

    private static ResourceType namespaced(String group, String version, String kind, String plural, List<String> shortNames,
                                           List<String> categories, List<String> verbs, Subresource... subresources) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), true, shortNames, verbs, categories,
                List.of(subresources));
    }

    private static ResourceType cluster(String group, String version, String kind, String plural, List<String> shortNames,
                                        List<String> categories, List<String> verbs, Subresource... subresources) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), false, shortNames, verbs, categories,
                List.of(subresources));
    }
}
