package io.kuberaf.api.runtime;

/** Whether the runtime can run pods; {@code message} says why not. */
public record RuntimeHealth(boolean ready, String message) {

    public static RuntimeHealth healthy() {
        return new RuntimeHealth(true, "runtime is up");
    }

    public static RuntimeHealth unhealthy(String message) {
        return new RuntimeHealth(false, message);
    }
}
