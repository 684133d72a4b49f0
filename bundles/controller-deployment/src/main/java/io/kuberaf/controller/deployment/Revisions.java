package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The annotations that carry a Deployment's history on its ReplicaSets (read by kubectl rollout history/undo). */
final class Revisions {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    private static final int HISTORY_LIMIT_CHARS = 2000;
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {
    }

    static long revision(ReplicaSet rs) {
        String value = annotations(rs.getMetadata().getAnnotations()).get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    /**
     * Copies the Deployment's own annotations onto the ReplicaSet and raises its revision to
     * {@code newRevision} (keeping the revisions it had in revision-history: a rollback re-uses an
     * old ReplicaSet); a ReplicaSet about to be created also gets the replica annotations.
     * Returns whether anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, boolean exists) {
        Map<String, String> annotations = annotations(rs.getMetadata().getAnnotations());
        boolean changed = false;
        for (Map.Entry<String, String> entry : annotations(d.getMetadata().getAnnotations()).entrySet()) {
            if (!NOT_COPIED.contains(entry.getKey()) && !entry.getValue().equals(annotations.get(entry.getKey()))) {
                annotations.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        String oldRevision = annotations.get(REVISION);
        long oldRevisionNumber = revision(rs);
        if (oldRevisionNumber < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null && !oldRevision.isEmpty()) {
                annotations.put(REVISION_HISTORY, history(annotations.get(REVISION_HISTORY), oldRevision));
            }
        }
        rs.getMetadata().setAnnotations(annotations);
        if (!exists) {
            setReplicasAnnotations(rs, RolloutMath.replicas(d), RolloutMath.replicas(d) + RolloutMath.maxSurge(d));
            changed = true;
        }
        return changed;
    }

    private static String history(String history, String oldRevision) {
        if (history == null || history.isEmpty()) {
            return oldRevision;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",")));
        int length = history.length() + oldRevision.length() + 1;
        while (length > HISTORY_LIMIT_CHARS && !revisions.isEmpty()) {
            length -= revisions.remove(0).length() + 1;
        }
        revisions.add(oldRevision);
        return String.join(",", revisions);
    }

    /** Sets desired-replicas and max-replicas; returns whether they changed. */
    static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = annotations(rs.getMetadata().getAnnotations());
        boolean changed = !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
        annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
        annotations.put(MAX_REPLICAS, Integer.toString(max));
        rs.getMetadata().setAnnotations(annotations);
        return changed;
    }

    static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = annotations(rs.getMetadata().getAnnotations());
        return !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
    }

    static Integer intAnnotation(ReplicaSet rs, String name) {
        String value = annotations(rs.getMetadata().getAnnotations()).get(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> annotations(Map<String, String> annotations) {
        return annotations == null ? new HashMap<>() : new HashMap<>(annotations);
    }
}
