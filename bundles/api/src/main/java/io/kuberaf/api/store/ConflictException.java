package io.kuberaf.api.store;

/**
 * A guarded update or delete expected another modification revision than the key has now
 * (HTTP 409 Conflict: "the object has been modified").
 */
public class ConflictException extends StoreException {

    private final transient KeyValue current;
    private final long expectedModRevision;

    public ConflictException(KeyValue current, long expectedModRevision) {
        super("key " + current.key() + " is at revision " + current.modRevision() + ", expected " + expectedModRevision);
        this.current = current;
        this.expectedModRevision = expectedModRevision;
    }

    public KeyValue current() {
        return current;
    }

    public long expectedModRevision() {
        return expectedModRevision;
    }
}
