package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sync of one Deployment (Kubernetes' syncDeployment and its rolling, recreate, scale, cleanup
 * and status steps), on a working copy of the Deployment. ReplicaSet writes are full updates guarded
 * by resourceVersion: a stale cache ends the sync with a conflict, and the key is retried.
 *
 * <p>Decisions about surge count each ReplicaSet's pods as the larger of its spec and the active pods
 * in the cache, and decisions about availability as the smaller of its spec, its status and the
 * available pods in the cache, so that a lagging status or cache never lets a rollout exceed
 * maxSurge or fall below maxUnavailable.
 */
final class DeploymentSync {

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final EventRecorder events;
    private final Instant now;
    private Deployment d;
    private final String namespace;
    private Duration requeueAfter;

    DeploymentSync(KubernetesClient client, SharedInformers informers, EventRecorder events, Deployment cached, Instant now) {
        this.client = client;
        this.informers = informers;
        this.events = events;
        this.now = now;
        this.d = new DeploymentBuilder(cached).build();
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        this.namespace = d.getMetadata().getNamespace();
    }

    /** Runs the sync; returns when to look again (null: on the next event). */
    Duration run(List<ReplicaSet> claimed) {
        // copies: scaling changes them in place, and the informer's objects must stay as they are
        List<ReplicaSet> rsList = claimed.stream().map(rs -> new ReplicaSetBuilder(rs).build()).toList();
        if (d.getMetadata().getDeletionTimestamp() != null) {
            syncDeploymentStatus(split(rsList));
            return null;
        }
        checkPausedConditions();
        Split split = split(rsList);
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent(split)) {
            syncScaling(split);
        } else if (RolloutMath.isRollingUpdate(d)) {
            rolloutRolling(split);
        } else {
            rolloutRecreate(split);
        }
        return requeueAfter;
    }

    // ---- finding the new and old ReplicaSets ----

    private record Split(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    /** The ReplicaSet with the Deployment's template (its annotations brought up to date) and the others. */
    private Split split(List<ReplicaSet> rsList) {
        List<ReplicaSet> sorted = rsList.stream().sorted(ReplicaSets.BY_CREATION).toList();
        ReplicaSet existing = sorted.stream()
                .filter(rs -> ReplicaSets.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
        List<ReplicaSet> old = sorted.stream().filter(rs -> rs != existing).toList();
        long newRevision = Revisions.maxRevision(old) + 1;
        if (existing != null) {
            return new Split(syncExistingNewReplicaSet(existing, newRevision), old);
        }
        return new Split(null, old);
    }

    private Split withNewReplicaSet(Split split) {
        if (split.newRS() != null) {
            return split;
        }
        return new Split(createNewReplicaSet(split.oldRSs(), Revisions.maxRevision(split.oldRSs()) + 1), split.oldRSs());
    }

    private ReplicaSet syncExistingNewReplicaSet(ReplicaSet existing, long newRevision) {
        ReplicaSet copy = new ReplicaSetBuilder(existing).build();
        boolean annotationsChanged = Revisions.setNewReplicaSetAnnotations(d, copy, newRevision, true);
        boolean minReadyChanged = !Objects.equals(orZero(copy.getSpec().getMinReadySeconds()), orZero(d.getSpec().getMinReadySeconds()));
        if (annotationsChanged || minReadyChanged) {
            copy.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
            return update(copy);
        }
        patchDeploymentRevision(newRevision);
        boolean changed = false;
        if (hasProgressDeadline() && Conditions.get(d.getStatus(), Conditions.PROGRESSING).isEmpty()) {
            Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS,
                    "Found new replica set \"" + copy.getMetadata().getName() + "\"", now));
            changed = true;
        }
        if (changed) {
            writeStatus();
        }
        return copy;
    }

    private ReplicaSet createNewReplicaSet(List<ReplicaSet> old, long newRevision) {
        String hash = TemplateHash.of(d.getSpec().getTemplate(), d.getStatus().getCollisionCount());
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate())
                .editOrNewMetadata().addToLabels(ReplicaSets.HASH_LABEL, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(ReplicaSets.HASH_LABEL, hash).build();
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(namespace)
                .withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(controllerReference())
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector)
                .withTemplate(template)
                .endSpec()
                .build();
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(rs);
        int replicas = newReplicaSetReplicas(all, rs);
        rs.getSpec().setReplicas(replicas);
        Revisions.setNewReplicaSetAnnotations(d, rs, newRevision, false);
        ReplicaSet created;
        try {
            created = client.apps().replicaSets().inNamespace(namespace).resource(rs).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return adoptExistingOrCountCollision(rs);
            }
            String message = "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + e.getMessage();
            events.warning(d, Conditions.FAILED_RS_CREATE, message);
            if (hasProgressDeadline()) {
                Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, "False", Conditions.FAILED_RS_CREATE, message, now));
                writeStatusQuietly();
            }
            throw e;
        }
        if (replicas > 0) {
            events.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName() + " from 0 to " + replicas);
        }
        patchDeploymentRevision(newRevision);
        if (hasProgressDeadline()) {
            Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, "True", Conditions.NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", now));
        }
        writeStatus();
        return created;
    }

    /** The name is taken: ours with the same template (a stale cache) is retried; anything else is a hash collision. */
    private ReplicaSet adoptExistingOrCountCollision(ReplicaSet wanted) {
        ReplicaSet existing = client.apps().replicaSets().inNamespace(namespace).withName(wanted.getMetadata().getName()).get();
        boolean ours = existing != null && Keys.controllerOf(existing).map(ref -> ref.getUid().equals(d.getMetadata().getUid())).orElse(false)
                && ReplicaSets.equalIgnoringHash(existing.getSpec().getTemplate(), d.getSpec().getTemplate());
        if (!ours) {
            int count = d.getStatus().getCollisionCount() == null ? 0 : d.getStatus().getCollisionCount();
            d.getStatus().setCollisionCount(count + 1);
            writeStatus();
        }
        throw new IllegalStateException("replica set " + wanted.getMetadata().getName() + " already exists; retrying");
    }

    private OwnerReference controllerReference() {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Sets the Deployment's revision annotation (a metadata patch, not part of the status). */
    private void patchDeploymentRevision(long revision) {
        String value = Long.toString(revision);
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        if (annotations != null && value.equals(annotations.get(Revisions.REVISION))) {
            return;
        }
        Deployment patched = client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(
                        Map.of("metadata", Map.of("annotations", Map.of(Revisions.REVISION, value)))));
        d.setMetadata(patched.getMetadata());
    }

    // ---- rollouts ----

    private void rolloutRolling(Split found) {
        Split split = withNewReplicaSet(found);
        if (reconcileNewReplicaSet(split)) {
            syncRolloutStatus(split);
            return;
        }
        if (reconcileOldReplicaSets(split)) {
            syncRolloutStatus(split);
            return;
        }
        if (complete(d.getStatus())) {
            cleanup(split.oldRSs());
        }
        syncRolloutStatus(split);
    }

    private boolean reconcileNewReplicaSet(Split split) {
        ReplicaSet newRS = split.newRS();
        int desired = RolloutMath.replicas(d);
        if (ReplicaSets.replicas(newRS) == desired) {
            return false;
        }
        int target = ReplicaSets.replicas(newRS) > desired ? desired : newReplicaSetReplicas(split.all(), newRS);
        return scaleAndReplace(split, newRS, target);
    }

    /** How far the new ReplicaSet may grow now: up to replicas + maxSurge pods in all. */
    private int newReplicaSetReplicas(List<ReplicaSet> all, ReplicaSet newRS) {
        if (!RolloutMath.isRollingUpdate(d)) {
            return RolloutMath.replicas(d);
        }
        int current = all.stream().mapToInt(this::podCount).sum();
        int maxTotal = RolloutMath.replicas(d) + RolloutMath.maxSurge(d);
        if (current >= maxTotal) {
            return ReplicaSets.replicas(newRS);
        }
        int scaleUp = Math.min(maxTotal - current, RolloutMath.replicas(d) - ReplicaSets.replicas(newRS));
        return ReplicaSets.replicas(newRS) + Math.max(0, scaleUp);
    }

    private boolean reconcileOldReplicaSets(Split split) {
        List<ReplicaSet> oldActive = new ArrayList<>(ReplicaSets.active(split.oldRSs()));
        if (ReplicaSets.sum(oldActive, ReplicaSets::replicas) == 0) {
            return false;
        }
        int allPods = ReplicaSets.sum(split.all(), ReplicaSets::replicas);
        int minAvailable = RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d);
        ReplicaSet newRS = split.newRS();
        int newUnavailable = ReplicaSets.replicas(newRS) - available(newRS);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthyReplicas(split, maxScaledDown);
        int scaledDown = scaleDownOldForRollingUpdate(split, minAvailable);
        return cleaned + scaledDown > 0;
    }

    /** Scales down old ReplicaSets' unavailable pods first (oldest ReplicaSet first), up to {@code max}. */
    private int cleanupUnhealthyReplicas(Split split, int max) {
        int total = 0;
        for (ReplicaSet rs : sortedOld(split)) {
            if (total >= max) {
                break;
            }
            int replicas = ReplicaSets.replicas(rs);
            int unhealthy = replicas - available(rs);
            if (replicas == 0 || unhealthy <= 0) {
                continue;
            }
            int count = Math.min(max - total, unhealthy);
            scaleAndReplace(split, rs, replicas - count);
            total += count;
        }
        return total;
    }

    private int scaleDownOldForRollingUpdate(Split split, int minAvailable) {
        int availableNow = split.all().stream().mapToInt(this::available).sum();
        if (availableNow <= minAvailable) {
            return 0;
        }
        int toScaleDown = availableNow - minAvailable;
        int total = 0;
        for (ReplicaSet rs : sortedOld(split)) {
            if (total >= toScaleDown) {
                break;
            }
            int replicas = ReplicaSets.replicas(rs);
            if (replicas == 0) {
                continue;
            }
            int count = Math.min(replicas, toScaleDown - total);
            scaleAndReplace(split, rs, replicas - count);
            total += count;
        }
        return total;
    }

    private List<ReplicaSet> sortedOld(Split split) {
        return split.oldRSs().stream().sorted(ReplicaSets.BY_CREATION).toList();
    }

    private void rolloutRecreate(Split found) {
        Split split = found;
        boolean scaledDown = false;
        for (ReplicaSet old : ReplicaSets.active(split.oldRSs())) {
            scaledDown |= scaleAndReplace(split, old, 0);
        }
        if (scaledDown || oldPodsRunning(split)) {
            syncRolloutStatus(split);
            return;
        }
        split = withNewReplicaSet(split);
        scaleAndReplace(split, split.newRS(), RolloutMath.replicas(d));
        if (complete(d.getStatus())) {
            cleanup(split.oldRSs());
        }
        syncRolloutStatus(split);
    }

    /** Old pods that are not finished, terminating ones included: Recreate waits for them to be gone. */
    private boolean oldPodsRunning(Split split) {
        if (ReplicaSets.sum(split.oldRSs(), ReplicaSets::statusReplicas) > 0) {
            return true;
        }
        return split.oldRSs().stream().flatMap(rs -> pods(rs).stream())
                .anyMatch(pod -> !"Succeeded".equals(Pods.phase(pod)) && !"Failed".equals(Pods.phase(pod)));
    }

    // ---- scaling (paused deployments, replica count changes) ----

    private boolean isScalingEvent(Split split) {
        return ReplicaSets.active(split.all()).stream()
                .map(rs -> Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS))
                .anyMatch(desired -> desired != null && desired != RolloutMath.replicas(d));
    }

    private void syncScaling(Split split) {
        scale(split);
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            cleanup(split.oldRSs());
        }
        syncDeploymentStatus(split);
    }

    /** Kubernetes' proportional scaling: spread a change of replicas over the active ReplicaSets by size. */
    private void scale(Split split) {
        List<ReplicaSet> active = ReplicaSets.active(split.all());
        ReplicaSet activeOrLatest = active.size() == 1 ? active.get(0)
                : active.isEmpty() ? (split.newRS() != null ? split.newRS()
                : split.oldRSs().stream().max(ReplicaSets.BY_CREATION).orElse(null)) : null;
        int desired = RolloutMath.replicas(d);
        if (activeOrLatest != null || active.isEmpty()) {
            if (activeOrLatest != null && ReplicaSets.replicas(activeOrLatest) != desired) {
                scaleAndReplace(split, activeOrLatest, desired);
            }
            return;
        }
        if (isSaturated(split.newRS())) {
            for (ReplicaSet old : ReplicaSets.active(split.oldRSs())) {
                scaleAndReplace(split, old, 0);
            }
            return;
        }
        if (!RolloutMath.isRollingUpdate(d)) {
            return;
        }
        int allowed = desired > 0 ? desired + RolloutMath.maxSurge(d) : 0;
        int toAdd = allowed - ReplicaSets.sum(active, ReplicaSets::replicas);
        Comparator<ReplicaSet> bySize = Comparator.comparingInt(ReplicaSets::replicas).reversed();
        List<ReplicaSet> ordered = active.stream()
                .sorted(toAdd > 0 ? bySize.thenComparing(ReplicaSets.BY_CREATION.reversed()) : bySize.thenComparing(ReplicaSets.BY_CREATION))
                .toList();
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (ReplicaSet rs : ordered) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, toAdd, added);
            sizes.put(rs.getMetadata().getName(), ReplicaSets.replicas(rs) + proportion);
            added += proportion;
        }
        if (toAdd != 0 && !ordered.isEmpty()) {
            String largest = ordered.get(0).getMetadata().getName();
            sizes.put(largest, Math.max(0, sizes.get(largest) + toAdd - added));
        }
        for (ReplicaSet rs : ordered) {
            scaleAndReplace(split, rs, sizes.get(rs.getMetadata().getName()));
        }
    }

    private int proportion(ReplicaSet rs, int toAdd, int added) {
        if (ReplicaSets.replicas(rs) == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** This ReplicaSet's share of the new size, from the max-replicas it was last sized for. */
    private int fraction(ReplicaSet rs) {
        if (RolloutMath.replicas(d) == 0) {
            return -ReplicaSets.replicas(rs);
        }
        int deploymentReplicas = RolloutMath.replicas(d) + RolloutMath.maxSurge(d);
        Integer annotated = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
        int before = annotated != null ? annotated : orZero(d.getStatus().getReplicas());
        if (before == 0) {
            return 0;
        }
        double size = (double) ReplicaSets.replicas(rs) * deploymentReplicas / before;
        return (int) Math.round(size) - ReplicaSets.replicas(rs);
    }

    private boolean isSaturated(ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
        return desired != null && desired == RolloutMath.replicas(d) && ReplicaSets.replicas(rs) == RolloutMath.replicas(d)
                && ReplicaSets.availableReplicas(rs) == RolloutMath.replicas(d);
    }

    /** Scales {@code rs} (and refreshes its replica annotations); replaces it in {@code split}. Returns whether the size changed. */
    private boolean scaleAndReplace(Split split, ReplicaSet rs, int replicas) {
        if (rs == null) {
            return false;
        }
        int desired = RolloutMath.replicas(d);
        int max = desired + RolloutMath.maxSurge(d);
        boolean sizeChanges = ReplicaSets.replicas(rs) != replicas;
        if (!sizeChanges && !Revisions.replicasAnnotationsNeedUpdate(rs, desired, max)) {
            return false;
        }
        ReplicaSet copy = new ReplicaSetBuilder(rs).build();
        int from = ReplicaSets.replicas(rs);
        copy.getSpec().setReplicas(replicas);
        Revisions.setReplicasAnnotations(copy, desired, max);
        ReplicaSet updated = update(copy);
        rs.setMetadata(updated.getMetadata());   // rs is this sync's own copy
        rs.setSpec(updated.getSpec());
        if (sizeChanges) {
            events.normal(d, "ScalingReplicaSet", "Scaled " + (from < replicas ? "up" : "down") + " replica set "
                    + rs.getMetadata().getName() + " from " + from + " to " + replicas);
        }
        return sizeChanges;
    }

    private ReplicaSet update(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(namespace).resource(rs).update();
    }

    // ---- clean-up of old ReplicaSets ----

    private void cleanup(List<ReplicaSet> old) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = old.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparingLong(Revisions::revision).thenComparing(ReplicaSets.BY_CREATION))
                .toList();
        int excess = cleanable.size() - limit;
        for (int i = 0; i < excess; i++) {
            ReplicaSet rs = cleanable.get(i);
            boolean observed = rs.getStatus() != null && rs.getStatus().getObservedGeneration() != null
                    && rs.getStatus().getObservedGeneration() >= rs.getMetadata().getGeneration();
            if (ReplicaSets.statusReplicas(rs) != 0 || ReplicaSets.replicas(rs) != 0 || !observed) {
                continue;
            }
            client.apps().replicaSets().inNamespace(namespace).withName(rs.getMetadata().getName()).delete();
        }
    }

    // ---- status ----

    private void syncDeploymentStatus(Split split) {
        DeploymentStatus status = calculateStatus(split);
        if (!status.equals(d.getStatus())) {
            d.setStatus(status);
            writeStatus();
        }
    }

    private void checkPausedConditions() {
        if (!hasProgressDeadline()) {
            return;
        }
        Optional<DeploymentCondition> progressing = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (progressing.isPresent() && Conditions.TIMED_OUT.equals(progressing.get().getReason())) {
            return;
        }
        boolean pausedCondition = progressing.isPresent() && Conditions.PAUSED.equals(progressing.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedCondition) {
            Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED, "Deployment is paused", now));
            writeStatus();
        } else if (!paused && pausedCondition) {
            Conditions.set(d.getStatus(), Conditions.of(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED, "Deployment is resumed", now));
            writeStatus();
        }
    }

    private void syncRolloutStatus(Split split) {
        DeploymentStatus status = calculateStatus(split);
        if (!hasProgressDeadline()) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        Optional<DeploymentCondition> current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        boolean alreadyComplete = status.getReplicas().equals(status.getUpdatedReplicas()) && current.isPresent()
                && Conditions.NEW_RS_AVAILABLE.equals(current.get().getReason());
        String rsName = split.newRS() == null ? "" : split.newRS().getMetadata().getName();
        if (hasProgressDeadline() && !alreadyComplete) {
            if (complete(status)) {
                Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE,
                        "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
            } else if (progressing(status)) {
                DeploymentCondition condition = Conditions.of(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED,
                        "ReplicaSet \"" + rsName + "\" is progressing.", now);
                if (current.isPresent() && "True".equals(current.get().getStatus())) {
                    condition.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                Conditions.remove(status, Conditions.PROGRESSING);
                status.getConditions().add(condition);
            } else if (timedOut(status)) {
                Conditions.set(status, Conditions.of(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT,
                        "ReplicaSet \"" + rsName + "\" has timed out progressing.", now));
            }
        }
        copyReplicaFailure(split, status);
        if (!status.equals(d.getStatus())) {
            d.setStatus(status);
            writeStatus();
        }
        requeueIfStuck(status);
    }

    private void copyReplicaFailure(Split split, DeploymentStatus status) {
        Optional<DeploymentCondition> failure = split.all().stream()
                .filter(rs -> rs.getStatus() != null && rs.getStatus().getConditions() != null)
                .flatMap(rs -> rs.getStatus().getConditions().stream())
                .filter(condition -> Conditions.REPLICA_FAILURE.equals(condition.getType()) && "True".equals(condition.getStatus()))
                .findFirst()
                .map(condition -> Conditions.of(Conditions.REPLICA_FAILURE, "True", condition.getReason(), condition.getMessage(), now));
        if (failure.isPresent()) {
            Conditions.set(status, failure.get());
        } else {
            Conditions.remove(status, Conditions.REPLICA_FAILURE);
        }
    }

    /** Looks again when the progress deadline would pass, so ProgressDeadlineExceeded is set on time. */
    private void requeueIfStuck(DeploymentStatus status) {
        Optional<DeploymentCondition> current = Conditions.get(status, Conditions.PROGRESSING);
        if (!hasProgressDeadline() || current.isEmpty() || complete(status)
                || Conditions.TIMED_OUT.equals(current.get().getReason()) || current.get().getLastUpdateTime() == null) {
            return;
        }
        Instant deadline = Instant.parse(current.get().getLastUpdateTime()).plusSeconds(d.getSpec().getProgressDeadlineSeconds());
        Duration after = Duration.between(now, deadline);
        requeueAfter = after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1);
    }

    private DeploymentStatus calculateStatus(Split split) {
        List<ReplicaSet> all = split.all();
        int available = ReplicaSets.sum(all, ReplicaSets::availableReplicas);
        int total = ReplicaSets.sum(all, ReplicaSets::replicas);
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(ReplicaSets.sum(all, ReplicaSets::statusReplicas))
                .withUpdatedReplicas(ReplicaSets.statusReplicas(split.newRS()))
                .withReadyReplicas(ReplicaSets.sum(all, ReplicaSets::readyReplicas))
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, total - available))
                .withCollisionCount(d.getStatus().getCollisionCount())
                .withConditions(d.getStatus().getConditions() == null ? new ArrayList<>()
                        : new ArrayList<>(d.getStatus().getConditions().stream().map(c -> new DeploymentConditionBuilder(c).build()).toList()))
                .build();
        if (available >= RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d)) {
            Conditions.set(status, Conditions.of(Conditions.AVAILABLE, "True", Conditions.MINIMUM_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            Conditions.set(status, Conditions.of(Conditions.AVAILABLE, "False", Conditions.MINIMUM_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    private boolean complete(DeploymentStatus status) {
        int desired = RolloutMath.replicas(d);
        return orZero(status.getUpdatedReplicas()) == desired && orZero(status.getReplicas()) == desired
                && orZero(status.getAvailableReplicas()) == desired
                && status.getObservedGeneration() != null && status.getObservedGeneration() >= d.getMetadata().getGeneration();
    }

    private boolean progressing(DeploymentStatus status) {
        DeploymentStatus old = d.getStatus();
        int oldOld = orZero(old.getReplicas()) - orZero(old.getUpdatedReplicas());
        int newOld = orZero(status.getReplicas()) - orZero(status.getUpdatedReplicas());
        return orZero(status.getUpdatedReplicas()) > orZero(old.getUpdatedReplicas()) || newOld < oldOld
                || orZero(status.getReadyReplicas()) > orZero(old.getReadyReplicas())
                || orZero(status.getAvailableReplicas()) > orZero(old.getAvailableReplicas());
    }

    private boolean timedOut(DeploymentStatus status) {
        Optional<DeploymentCondition> current = Conditions.get(status, Conditions.PROGRESSING);
        if (!hasProgressDeadline() || current.isEmpty() || Conditions.NEW_RS_AVAILABLE.equals(current.get().getReason())) {
            return false;
        }
        if (Conditions.TIMED_OUT.equals(current.get().getReason())) {
            return true;
        }
        String from = current.get().getLastUpdateTime();
        return from != null && Instant.parse(from).plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    private boolean hasProgressDeadline() {
        Integer deadline = d.getSpec().getProgressDeadlineSeconds();
        return deadline != null && deadline != Integer.MAX_VALUE;
    }

    private void writeStatus() {
        Deployment written = client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        d.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    }

    private void writeStatusQuietly() {
        try {
            writeStatus();
        } catch (KubernetesClientException ignored) {
            // the error being reported matters more
        }
    }

    // ---- counting pods conservatively ----

    private List<Pod> pods(ReplicaSet rs) {
        return informers.byOwner(Pod.class, rs.getMetadata().getUid());
    }

    /** Pods this ReplicaSet has or may soon have: never less than its spec. */
    private int podCount(ReplicaSet rs) {
        return Math.max(ReplicaSets.replicas(rs), (int) pods(rs).stream().filter(Pods::isActive).count());
    }

    /** Pods of this ReplicaSet surely available: no more than its spec, its status or the cache says. */
    private int available(ReplicaSet rs) {
        if (rs == null) {
            return 0;
        }
        int minReady = orZero(d.getSpec().getMinReadySeconds());
        int cached = (int) pods(rs).stream().filter(pod -> Pods.isActive(pod) && Pods.isAvailable(pod, minReady, now)).count();
        return Math.min(ReplicaSets.replicas(rs), Math.min(ReplicaSets.availableReplicas(rs), cached));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    Deployment deployment() {
        return d;
    }
}
