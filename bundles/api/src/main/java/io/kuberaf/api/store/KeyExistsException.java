package io.kuberaf.api.store;

/** A create found the key already present (HTTP 409 AlreadyExists). */
public class KeyExistsException extends StoreException {

    private final transient KeyValue existing;

    public KeyExistsException(KeyValue existing) {
        super("key " + existing.key() + " already exists at revision " + existing.modRevision());
        this.existing = existing;
    }

    public KeyValue existing() {
        return existing;
    }
}
