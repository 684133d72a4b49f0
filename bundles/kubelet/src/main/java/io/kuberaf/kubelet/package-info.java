/**
 * The kubelet: {@link io.kuberaf.kubelet.Kubelet} is one node's agent (start at its {@code registerThenRun},
 * then {@link io.kuberaf.kubelet.PodSync#sync} is the per-pod main loop); {@link io.kuberaf.kubelet.KubeletContext}
 * holds what all kubelets of the JVM share; {@link io.kuberaf.kubelet.KubeletComponent} runs the machine's own
 * kubelet and {@link io.kuberaf.kubelet.KubeletLauncherComponent} publishes the
 * {@link io.kuberaf.kubelet.spi.KubeletLauncher} service.
 */
package io.kuberaf.kubelet;
