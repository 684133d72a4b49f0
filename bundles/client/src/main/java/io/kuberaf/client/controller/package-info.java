/**
 * The controller runtime, in Kubernetes' style: informer handlers only enqueue keys
 * ({@code namespace/name}); a {@link io.kuberaf.client.controller.Controller}'s workers take keys from a
 * {@link io.kuberaf.client.controller.WorkQueue} (never the same key on two workers at once) and call
 * one {@link io.kuberaf.client.controller.KeyReconciler}; failures requeue with per-key exponential
 * back-off. {@link io.kuberaf.client.controller.Expectations} stop double creates before the informer
 * has seen the first; {@link io.kuberaf.client.controller.SlowStart} creates in batches 1, 2, 4, ...;
 * {@link io.kuberaf.client.controller.LeaderElection} runs a controller on one member only.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.client.controller;
