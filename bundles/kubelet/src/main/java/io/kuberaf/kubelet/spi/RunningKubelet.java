package io.kuberaf.kubelet.spi;

import io.kuberaf.api.runtime.ContainerRuntime;

/** A started kubelet. Closing it stops its loops; its containers keep running (a new kubelet adopts them). */
public interface RunningKubelet extends AutoCloseable {

    String nodeName();

    ContainerRuntime runtime();

    KubeletOptions options();

    /** Pods this kubelet currently runs (API pods bound to it plus static pods). */
    int podCount();

    @Override
    void close();
}
