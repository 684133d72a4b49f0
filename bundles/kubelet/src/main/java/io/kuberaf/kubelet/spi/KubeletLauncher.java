package io.kuberaf.kubelet.spi;

import io.kuberaf.api.runtime.ContainerRuntime;

import java.util.List;

/**
 * Runs kubelets in this JVM. Every kubelet started here shares one scheduler thread pool, one pool of pod
 * workers and one pod watch; a kubelet owns no thread of its own, so hundreds of hollow nodes stay cheap.
 */
public interface KubeletLauncher {

    /**
     * Starts a kubelet that registers {@code options.nodeName()} and runs the pods bound to it on
     * {@code runtime}. Fails if a kubelet for that node already runs here.
     */
    RunningKubelet start(KubeletOptions options, ContainerRuntime runtime);

    /** The kubelets running in this JVM, in start order. */
    List<RunningKubelet> running();
}
