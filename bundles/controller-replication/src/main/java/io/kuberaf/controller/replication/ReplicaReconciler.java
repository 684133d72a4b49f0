package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kuberaf.client.controller.Expectations;
import io.kuberaf.client.controller.Result;
import io.kuberaf.client.controller.SlowStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Kubernetes' syncReplicaSet for one kind: claim the pods, create or delete pods toward the desired
 * count (only while the previous creates/deletes have all been observed), then write the status.
 */
final class ReplicaReconciler<T extends HasMetadata> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReconciler.class);

    private final KubernetesClient client;
    private final ReplicatedKind<T> kind;
    private final SharedIndexInformer<T> owners;
    private final SharedIndexInformer<Pod> pods;
    private final Expectations expectations;
    private final PendingDeletions deletions;
    private final PodClaims<T> claims;
    private final EventRecorder events;
    private final ExecutorService executor;
    private final int burstReplicas;
    private final Clock clock;

    ReplicaReconciler(KubernetesClient client, ReplicatedKind<T> kind, SharedIndexInformer<T> owners,
                      SharedIndexInformer<Pod> pods, Expectations expectations, PendingDeletions deletions,
                      ExecutorService executor, int burstReplicas, Clock clock) {
        this.client = client;
        this.kind = kind;
        this.owners = owners;
        this.pods = pods;
        this.expectations = expectations;
        this.deletions = deletions;
        this.claims = new PodClaims<>(client, kind);
        this.events = new EventRecorder(client, kind.controllerName());
        this.executor = executor;
        this.burstReplicas = burstReplicas;
        this.clock = clock;
    }

    Result reconcile(String key) {
        T owner = owners.getIndexer().getByKey(key);
        if (owner == null) {
            expectations.delete(key);
            deletions.forget(key);
            return Result.done();
        }
        boolean mayManage = expectations.satisfied(key) && owner.getMetadata().getDeletionTimestamp() == null;
        List<Pod> namespacePods = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, owner.getMetadata().getNamespace());
        List<Pod> active = claims.claim(owner, namespacePods).stream().filter(Pods::isActive).toList();
        ManageError error = mayManage ? manageReplicas(key, owner, active) : null;
        writeStatusIfChanged(owner, active, error);
        if (error != null) {
            throw error.cause;
        }
        return nextAvailabilityCheck(owner, active).map(Result::requeueAfter).orElse(Result.done());
    }

    private record ManageError(String reason, RuntimeException cause) {
    }

    private ManageError manageReplicas(String key, T owner, List<Pod> active) {
        int diff = active.size() - kind.replicas(owner);
        if (diff < 0) {
            return createPods(key, owner, Math.min(-diff, burstReplicas));
        }
        if (diff > 0) {
            return deletePods(key, owner, PodRanking.leastValuable(active, Math.min(diff, burstReplicas)));
        }
        return null;
    }

    private ManageError createPods(String key, T owner, int count) {
        LOG.debug("{} {}: too few replicas, creating {}", kind.kind(), key, count);
        expectations.expectCreations(key, count);
        SlowStart.Outcome outcome = SlowStart.run(count, 1, executor, () -> createPod(owner));
        if (!outcome.failed()) {
            return null;
        }
        for (int i = outcome.succeeded(); i < count; i++) {
            expectations.creationObserved(key);   // never coming: do not wait for them
        }
        RuntimeException cause = asRuntime(outcome.firstFailure());
        LOG.warn("{} {}: creating pods failed ({} of {} created): {}", kind.kind(), key, outcome.succeeded(), count,
                cause.getMessage());
        return new ManageError("FailedCreate", cause);
    }

    private void createPod(T owner) {
        PodTemplateSpec template = kind.template(owner);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withGenerateName(owner.getMetadata().getName() + "-")
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(copy(template.getMetadata() == null ? null : template.getMetadata().getLabels()))
                .withAnnotations(copy(template.getMetadata() == null ? null : template.getMetadata().getAnnotations()))
                .withFinalizers(template.getMetadata() == null ? null : template.getMetadata().getFinalizers())
                .withOwnerReferences(claims.controllerReference(owner))
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        try {
            Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
            events.normal(owner, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            events.warning(owner, "FailedCreate", "Error creating: " + message(e));
            throw e;
        }
    }

    private ManageError deletePods(String key, T owner, List<Pod> victims) {
        LOG.debug("{} {}: too many replicas, deleting {}", kind.kind(), key, victims.size());
        deletions.expect(key, victims.stream().map(pod -> pod.getMetadata().getUid()).toList());
        expectations.expectDeletions(key, victims.size());
        List<CompletableFuture<Void>> calls = victims.stream()
                .map(pod -> CompletableFuture.runAsync(() -> deletePod(key, owner, pod), executor))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> call : calls) {
            try {
                call.join();
            } catch (RuntimeException e) {
                failure = failure == null ? asRuntime(e.getCause() == null ? e : e.getCause()) : failure;
            }
        }
        return failure == null ? null : new ManageError("FailedDelete", failure);
    }

    private void deletePod(String key, T owner, Pod pod) {
        String name = pod.getMetadata().getName();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name).delete();
            events.normal(owner, "SuccessfulDelete", "Deleted pod: " + name);
        } catch (KubernetesClientException e) {
            if (deletions.observe(key, pod.getMetadata().getUid())) {
                expectations.deletionObserved(key);
            }
            if (e.getCode() != 404) {
                events.warning(owner, "FailedDelete", "Error deleting: " + message(e));
                throw e;
            }
        }
    }

    private void writeStatusIfChanged(T owner, List<Pod> active, ManageError error) {
        ReplicaStatus current = kind.status(owner);
        ReplicaStatus.Failure failure = current.failure();
        if (error != null && failure == null) {
            failure = new ReplicaStatus.Failure(error.reason, message(error.cause), now().truncatedTo(ChronoUnit.SECONDS).toString());
        } else if (error == null) {
            failure = null;
        }
        Map<String, String> templateLabels = kind.template(owner).getMetadata() == null ? null
                : kind.template(owner).getMetadata().getLabels();
        int minReadySeconds = kind.minReadySeconds(owner);
        Instant now = now();
        ReplicaStatus desired = new ReplicaStatus(active.size(),
                (int) active.stream().filter(pod -> LabelSelectors.matchesLabels(templateLabels, pod.getMetadata().getLabels())).count(),
                (int) active.stream().filter(Pods::isReady).count(),
                (int) active.stream().filter(pod -> Pods.isAvailable(pod, minReadySeconds, now)).count(),
                owner.getMetadata().getGeneration() == null ? 0 : owner.getMetadata().getGeneration(),
                failure);
        if (!desired.sameAs(current)) {
            kind.writeStatus(client, owner, desired);
        }
    }

    /** When the next ready pod becomes available (minReadySeconds after it became ready), if any is waiting. */
    private Optional<Duration> nextAvailabilityCheck(T owner, List<Pod> active) {
        int minReadySeconds = kind.minReadySeconds(owner);
        if (minReadySeconds <= 0) {
            return Optional.empty();
        }
        Instant now = now();
        return active.stream()
                .filter(pod -> Pods.isReady(pod) && !Pods.isAvailable(pod, minReadySeconds, now))
                .map(pod -> Pods.readySince(pod).map(since -> Duration.between(now, since.plusSeconds(minReadySeconds)))
                        .orElse(Duration.ofSeconds(minReadySeconds)))
                .min(Duration::compareTo)
                .map(delay -> delay.plusMillis(100));
    }

    private Instant now() {
        return clock.instant();
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? null : new HashMap<>(map);
    }

    private static String message(Throwable e) {
        if (e instanceof KubernetesClientException kce && kce.getStatus() != null && kce.getStatus().getMessage() != null) {
            return kce.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static RuntimeException asRuntime(Throwable e) {
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
}
