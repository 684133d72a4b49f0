/**
 * The container runtime SPI, shaped like Kubernetes' CRI: what the kubelet needs from a runtime.
 * A runtime bundle publishes a {@link io.kuberaf.api.runtime.ContainerRuntime} service with the
 * {@value io.kuberaf.api.runtime.ContainerRuntime#NAME_PROPERTY} property; the kubelet is configured
 * with the name it uses.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.api.runtime;
