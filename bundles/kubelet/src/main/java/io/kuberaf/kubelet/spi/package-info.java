/**
 * Starting kubelets from another bundle: {@link io.kuberaf.kubelet.spi.KubeletLauncher} runs a kubelet for a
 * node name over a given {@link io.kuberaf.api.runtime.ContainerRuntime}; many can run in one JVM (hollow nodes)
 * and share its threads and its one pod watch.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.kubelet.spi;
