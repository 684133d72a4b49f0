/**
 * Writing core/v1 Events the way Kubernetes' event recorder does (repeats bump count and lastTimestamp), in the
 * caller's thread: a hollow kubelet may own no thread, unlike io.kuberaf.client.events.EventRecorder.
 */
package io.kuberaf.kubelet.events;
