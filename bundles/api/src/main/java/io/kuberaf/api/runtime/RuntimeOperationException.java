package io.kuberaf.api.runtime;

/** A runtime call failed; the message says what and why, for the pod's Events and the log. */
public class RuntimeOperationException extends RuntimeException {
    public RuntimeOperationException(String message) {
        super(message);
    }

    public RuntimeOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
