package io.kuberaf.scheduler.spi;

/** Rejects nodes a pod cannot run on. Publish as an OSGi service to add one; see the package documentation. */
public interface FilterPlugin {

    /** A short unique name, e.g. "NodeResourcesFit" (used in logs). */
    String name();

    /** {@link Status#SUCCESS} if the pod may run on the node, else why not. */
    Status filter(PodInfo pod, NodeInfo node);
}
