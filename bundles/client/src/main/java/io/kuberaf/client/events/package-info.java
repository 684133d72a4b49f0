/**
 * Events as Kubernetes components record them: {@link io.kuberaf.client.events.EventRecorder} writes
 * core/v1 Events, folding repeats of the same event into one object with a count (what
 * {@code kubectl describe} shows as "x3 over 2m").
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.client.events;
