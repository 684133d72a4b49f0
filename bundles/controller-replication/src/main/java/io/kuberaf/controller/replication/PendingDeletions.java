package io.kuberaf.controller.replication;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The uids of the pods a controller deleted and has not yet seen go, per controller key: a pod is
 * seen twice (marked terminating, then removed) but must count as one observed deletion.
 */
final class PendingDeletions {

    private final ConcurrentMap<String, Set<String>> pending = new ConcurrentHashMap<>();

    void expect(String key, Collection<String> uids) {
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.addAll(uids);
        pending.put(key, set);
    }

    /** True the first time the deletion of {@code uid} is observed for {@code key}. */
    boolean observe(String key, String uid) {
        Set<String> set = pending.get(key);
        return set != null && set.remove(uid);
    }

    void forget(String key) {
        pending.remove(key);
    }
}
