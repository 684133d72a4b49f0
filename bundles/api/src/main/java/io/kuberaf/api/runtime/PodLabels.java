package io.kuberaf.api.runtime;

/**
 * Labels the kubelet puts on every sandbox and container it creates (Kubernetes' own names), so that
 * it, the kubelet's streaming API and operators find a pod's containers in any runtime.
 */
public final class PodLabels {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    /** Containers only: the container's name in the pod spec. */
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** The kubelet (node name) that created it: one runtime can serve several kubelets (hollow nodes). */
    public static final String NODE_NAME = "io.kuberaf.node.name";

    private PodLabels() {
    }
}
