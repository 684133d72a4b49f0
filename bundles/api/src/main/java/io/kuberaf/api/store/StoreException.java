package io.kuberaf.api.store;

/** Base of every failure the store reports; the subclasses say which contract was not met. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
