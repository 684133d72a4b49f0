/**
 * How Kuberaf components reach the apiserver: the fabric8 {@code KubernetesClient} published as an
 * OSGi service (configured by PID {@code io.kuberaf.client}) and {@link io.kuberaf.client.SharedInformers},
 * one informer per kind for the whole container.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.client;
