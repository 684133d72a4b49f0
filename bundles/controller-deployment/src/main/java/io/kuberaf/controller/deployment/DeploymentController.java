package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.Keys;
import io.kuberaf.client.controller.Result;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Kubernetes' Deployment controller: Deployments, their ReplicaSets (by controller reference, or by
 * selector for orphans) and the pods of those ReplicaSets enqueue the Deployment; each sync is a
 * {@link DeploymentSync}.
 */
final class DeploymentController implements AutoCloseable {

    static final String NAME = "deployment-controller";

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final ReplicaSetClaims claims;
    private final EventRecorder events;
    private final Clock clock;
    private final Controller controller;

    DeploymentController(KubernetesClient client, SharedInformers informers, int workers, Clock clock) {
        this.client = client;
        this.informers = informers;
        this.deployments = informers.informer(Deployment.class);
        this.replicaSets = informers.informer(ReplicaSet.class);
        this.claims = new ReplicaSetClaims(client);
        this.events = new EventRecorder(client, NAME);
        this.clock = clock;
        this.controller = Controller.builder(NAME)
                .watch(deployments)
                .watch(replicaSets, this::deploymentsOf)
                .watch(informers.informer(Pod.class), this::deploymentOfPod)
                .reconciler(this::reconcile)
                .workers(workers)
                .build();
    }

    void start() {
        controller.start();
    }

    @Override
    public void close() {
        controller.close();
    }

    Result reconcile(String key) {
        Deployment cached = deployments.getIndexer().getByKey(key);
        if (cached == null) {
            return Result.done();
        }
        if (LabelSelectors.isEmpty(cached.getSpec().getSelector())) {
            events.warning(cached, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            return Result.done();
        }
        List<ReplicaSet> namespaceReplicaSets = replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, cached.getMetadata().getNamespace());
        List<ReplicaSet> owned = claims.claim(cached, namespaceReplicaSets);
        Duration again = new DeploymentSync(client, informers, events, cached, clock.instant()).run(owned);
        return again == null ? Result.done() : Result.requeueAfter(again);
    }

    /** The controlling Deployment, or for an orphan every Deployment whose selector matches it. */
    private List<String> deploymentsOf(ReplicaSet rs) {
        if (Keys.controllerOf(rs).isPresent()) {
            return Keys.ownerKey(rs, "Deployment");
        }
        return deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace()).stream()
                .filter(d -> LabelSelectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels()))
                .map(Keys::of)
                .toList();
    }

    /** A pod's ReplicaSet's Deployment: pod counts decide how far a rollout may go. */
    private List<String> deploymentOfPod(Pod pod) {
        List<String> rsKey = Keys.ownerKey(pod, "ReplicaSet");
        if (rsKey.isEmpty()) {
            return List.of();
        }
        ReplicaSet rs = replicaSets.getIndexer().getByKey(rsKey.get(0));
        return rs == null ? List.of() : Keys.ownerKey(rs, "Deployment");
    }
}
