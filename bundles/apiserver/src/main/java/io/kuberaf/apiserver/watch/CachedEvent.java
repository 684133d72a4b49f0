package io.kuberaf.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change as watchers see it, decoded once for all of them. Read-only: watchers copy before
 * they change anything.
 *
 * @param object   the object after the change; for a delete, its last state with the
 *                 deletion's resourceVersion
 * @param previous the object before the change, or null for a create
 */
public record CachedEvent(long revision, String key, Kind kind, ObjectNode object, ObjectNode previous) {

    public enum Kind { CREATE, UPDATE, DELETE }
}
