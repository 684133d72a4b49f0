package io.kuberaf.runtime.docker;

import io.kuberaf.api.runtime.RuntimeOperationException;

/** A Docker Engine API call answered with an error status; the message names the call and Docker's reason. */
class DockerApiException extends RuntimeOperationException {

    private final int status;

    DockerApiException(String call, int status, String dockerMessage) {
        super("Docker " + call + " failed (HTTP " + status + "): " + dockerMessage);
        this.status = status;
    }

    int status() {
        return status;
    }

    boolean notFound() {
        return status == 404;
    }

    boolean conflict() {
        return status == 409;
    }
}
