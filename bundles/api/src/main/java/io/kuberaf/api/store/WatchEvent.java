package io.kuberaf.api.store;

/**
 * One change delivered to a watcher. Events of one watch arrive in strictly increasing
 * {@link #revision()} order, each exactly once.
 *
 * @param type     what happened to the key
 * @param revision the revision of this change
 * @param kv       the key after the change; {@code null} for {@link Type#DELETE}
 * @param prevKv   the key before the change; {@code null} for {@link Type#CREATE}
 */
public record WatchEvent(Type type, long revision, KeyValue kv, KeyValue prevKv) {

    public enum Type { CREATE, UPDATE, DELETE }

    /** The key this event is about. */
    public String key() {
        return kv != null ? kv.key() : prevKv.key();
    }
}
