package io.kuberaf.api.store;

import java.util.Objects;

/**
 * One stored key at one revision, as etcd's {@code mvccpb.KeyValue}.
 *
 * @param key            the full key, e.g. {@code /registry/core/pods/default/web-1}
 * @param value          the opaque value (the object's JSON); never modified by the store
 * @param createRevision the revision at which the key was last created
 * @param modRevision    the revision of the last change; the object's {@code resourceVersion}
 * @param expiresAtMillis wall-clock time at which the key is deleted, or 0 for never
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long expiresAtMillis) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public boolean expires() {
        return expiresAtMillis > 0;
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision + " " + value.length + " bytes]";
    }
}
