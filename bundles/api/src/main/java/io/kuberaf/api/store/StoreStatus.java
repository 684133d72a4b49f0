package io.kuberaf.api.store;

import java.util.List;

/**
 * What an operator wants to know about the store ({@code kuberaf:store}).
 *
 * @param implementation   e.g. "Apache Ignite 2.18.0"
 * @param members          the members of the store cluster, this one first
 * @param revision         the current global revision
 * @param compactedRevision history at or below this revision is gone
 * @param keys             how many keys exist now
 * @param persistence      e.g. "native persistence, WAL FSYNC" or "in memory"
 * @param dataSizeBytes    bytes the store occupies on this member's disk (0 in memory)
 */
public record StoreStatus(String implementation, List<String> members, long revision, long compactedRevision,
                          long keys, String persistence, long dataSizeBytes) {
}
