package io.kuberaf.api.store;

/** An update or delete named a key that does not exist (HTTP 404 NotFound). */
public class KeyNotFoundException extends StoreException {

    private final String key;

    public KeyNotFoundException(String key) {
        super("key " + key + " not found");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
