/** Writing core/v1 Events the way Kubernetes' event recorder does (repeats bump count and lastTimestamp). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.kubelet.events;
