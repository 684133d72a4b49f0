package io.kuberaf.api.store;

/**
 * The revision asked for has been compacted away (HTTP 410 Gone: "too old resource version").
 * The caller re-lists at the current revision.
 */
public class CompactedException extends StoreException {

    private final long requestedRevision;
    private final long compactedRevision;

    public CompactedException(long requestedRevision, long compactedRevision) {
        super("revision " + requestedRevision + " has been compacted; the oldest available is " + (compactedRevision + 1));
        this.requestedRevision = requestedRevision;
        this.compactedRevision = compactedRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    public long compactedRevision() {
        return compactedRevision;
    }
}
