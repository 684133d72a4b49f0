package io.kuberaf.api.store;

/** A read asked for a revision the store has not reached (Kubernetes: "Too large resource version"). */
public class FutureRevisionException extends StoreException {

    public FutureRevisionException(long requestedRevision, long currentRevision) {
        super("revision " + requestedRevision + " is newer than the current revision " + currentRevision);
    }
}
