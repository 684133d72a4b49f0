package io.kuberaf.kubelet;

/**
 * A container cannot be configured from what the API holds (a missing ConfigMap, Secret or key): the
 * container waits with reason CreateContainerConfigError and the message says what is missing.
 */
final class ConfigException extends Exception {
    ConfigException(String message) {
        super(message);
    }
}
