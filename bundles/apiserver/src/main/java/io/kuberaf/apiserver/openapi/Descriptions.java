package io.kuberaf.apiserver.openapi;

import java.util.Map;

/**
 * Short descriptions for {@code kubectl explain}, in Kuberaf's own words. fabric8's classes carry
 * none, so only the kinds and the most used fields have one; the rest explain as "no description".
 */
final class Descriptions {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("Pod", "A Pod is a group of containers that share a network identity and volumes and are "
                    + "scheduled together onto one node."),
            Map.entry("Namespace", "A Namespace groups names: most objects live in exactly one."),
            Map.entry("Service", "A Service gives a stable name and virtual address to the pods its selector matches."),
            Map.entry("Endpoints", "Endpoints list the addresses that back a Service."),
            Map.entry("ReplicationController", "A ReplicationController keeps a number of copies of a pod template running."),
            Map.entry("Node", "A Node is a machine that runs pods."),
            Map.entry("Event", "An Event reports something that happened to an object."),
            Map.entry("ConfigMap", "A ConfigMap holds configuration data for pods to consume."),
            Map.entry("Secret", "A Secret holds sensitive data such as passwords, tokens or keys."),
            Map.entry("ServiceAccount", "A ServiceAccount is an identity for processes that run in pods."),
            Map.entry("PersistentVolume", "A PersistentVolume is a piece of storage provisioned in the cluster."),
            Map.entry("PersistentVolumeClaim", "A PersistentVolumeClaim is a request for storage by a user."),
            Map.entry("LimitRange", "A LimitRange sets default and maximum resource use per object in a namespace."),
            Map.entry("ResourceQuota", "A ResourceQuota limits the total resource use of a namespace."),
            Map.entry("Deployment", "A Deployment rolls out a pod template through ReplicaSets, declaratively."),
            Map.entry("ReplicaSet", "A ReplicaSet keeps a number of pods matching its selector running."),
            Map.entry("StatefulSet", "A StatefulSet runs pods with stable identities and storage, in order."),
            Map.entry("DaemonSet", "A DaemonSet runs one copy of a pod on each eligible node."),
            Map.entry("ControllerRevision", "A ControllerRevision is an immutable snapshot of state used by controllers."),
            Map.entry("Job", "A Job runs pods until a number of them complete successfully."),
            Map.entry("CronJob", "A CronJob creates Jobs on a schedule."),
            Map.entry("Lease", "A Lease is a time-bound claim, used for leader election and node heartbeats."),
            Map.entry("EndpointSlice", "An EndpointSlice lists a subset of the endpoints of a Service."),
            Map.entry("Role", "A Role is a namespaced set of permissions."),
            Map.entry("RoleBinding", "A RoleBinding grants a Role or ClusterRole to subjects in a namespace."),
            Map.entry("ClusterRole", "A ClusterRole is a cluster-wide set of permissions."),
            Map.entry("ClusterRoleBinding", "A ClusterRoleBinding grants a ClusterRole to subjects cluster-wide."),
            Map.entry("Scale", "Scale is the desired and observed replica count of a scalable resource."),
            Map.entry("ObjectMeta", "Metadata that all persisted objects must have: name, namespace, labels, "
                    + "annotations, owners and the fields the server maintains."),
            Map.entry("PodSpec", "The desired state of a pod: its containers, volumes and scheduling constraints."),
            Map.entry("Container", "A single application container to run in a pod."),
            Map.entry("PodTemplateSpec", "The metadata and spec of the pods a controller creates."),
            Map.entry("LabelSelector", "A label query over a set of objects; an empty selector matches everything."),
            Map.entry("IntOrString", "A value that is either an integer or a string."),
            Map.entry("Quantity", "A fixed-point number with an optional suffix, e.g. 100m, 1Gi, 2."));

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("apiVersion", "The versioned schema of this representation of the object; servers convert "
                    + "recognized schemas to the latest internal value."),
            Map.entry("kind", "The REST resource this object represents, in CamelCase; servers infer it from the "
                    + "endpoint the client submits requests to."),
            Map.entry("metadata", "Standard object metadata."),
            Map.entry("spec", "The desired state, set by the user."),
            Map.entry("status", "The most recently observed state, set by the system. Read-only."),
            Map.entry("items", "The objects in this list."),
            Map.entry("ObjectMeta.name", "Unique name within a namespace, required when creating, cannot be updated."),
            Map.entry("ObjectMeta.namespace", "The namespace the object lives in; empty means \"default\"."),
            Map.entry("ObjectMeta.labels", "Key/value pairs used to organize and select objects."),
            Map.entry("ObjectMeta.annotations", "Unstructured key/value data stored with the object."),
            Map.entry("ObjectMeta.resourceVersion", "An opaque version of the object, for optimistic concurrency and watches."),
            Map.entry("ObjectMeta.uid", "The unique id of this object over time, set by the server."),
            Map.entry("ObjectMeta.managedFields", "Which manager owns which fields (server-side apply)."),
            Map.entry("PodSpec.containers", "The containers of the pod. There must be at least one; they cannot be "
                    + "added or removed once the pod exists."),
            Map.entry("PodSpec.initContainers", "Containers that run to completion, one after another, before the "
                    + "pod's containers start."),
            Map.entry("PodSpec.volumes", "Volumes that containers of the pod can mount."),
            Map.entry("PodSpec.nodeName", "The node the pod is bound to; set by the scheduler."),
            Map.entry("PodSpec.restartPolicy", "Always, OnFailure or Never. Default Always."),
            Map.entry("Container.name", "The container's name, a DNS label unique within the pod."),
            Map.entry("Container.image", "The container image to run."),
            Map.entry("Container.command", "The entrypoint array; the image's ENTRYPOINT when not set."),
            Map.entry("Container.args", "Arguments to the entrypoint; the image's CMD when not set."),
            Map.entry("Container.env", "Environment variables to set in the container."),
            Map.entry("Container.ports", "Ports the container exposes (informational)."),
            Map.entry("Container.resources", "Compute resources the container requests and is limited to."),
            Map.entry("Container.volumeMounts", "Pod volumes to mount into the container's filesystem."),
            Map.entry("Container.imagePullPolicy", "Always, Never or IfNotPresent."),
            Map.entry("DeploymentSpec.replicas", "Number of desired pods. Default 1."),
            Map.entry("DeploymentSpec.selector", "Label selector of the pods; must match the template's labels."),
            Map.entry("DeploymentSpec.template", "The pods to create."),
            Map.entry("ReplicationControllerSpec.replicas", "Number of desired pods. Default 1."),
            Map.entry("ReplicationControllerSpec.template", "The pods to create when too few exist."));

    private Descriptions() {
    }

    static String kind(String type) {
        return KINDS.get(type);
    }

    static String field(String type, String field, boolean kind) {
        String specific = FIELDS.get(type + "." + field);
        if (specific != null || (field.equals("items") && !kind)) {
            return specific;
        }
        return FIELDS.get(field);
    }
}
