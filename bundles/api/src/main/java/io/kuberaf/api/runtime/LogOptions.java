package io.kuberaf.api.runtime;

import java.time.Instant;

/**
 * Which part of a container's output to read (kubectl logs' flags).
 *
 * @param follow     keep streaming new output
 * @param tailLines  the last N lines only; negative for all
 * @param since      only output after this instant; null for all
 * @param timestamps prefix each line with its RFC 3339 time
 * @param limitBytes stop after this many bytes; 0 or less for no limit
 */
public record LogOptions(boolean follow, long tailLines, Instant since, boolean timestamps, long limitBytes) {
    public static final LogOptions ALL = new LogOptions(false, -1, null, false, 0);
}
