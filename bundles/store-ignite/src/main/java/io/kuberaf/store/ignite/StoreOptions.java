package io.kuberaf.store.ignite;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Everything {@link IgniteResourceStore} needs to start: the embedded Ignite server node and the
 * store's own tuning. Plain Java (no OSGi) so tests and benchmarks can build one directly; the DS
 * component fills it from the {@code io.kuberaf.store.ignite} configuration.
 */
public final class StoreOptions {

    /** Name of the Ignite instance (one per JVM must be unique). */
    public String instanceName = "kuberaf";
    /** Consistent id of this member (names its persistence folder); empty = instanceName-discoveryPort. */
    public String consistentId = "";
    /** Address every Ignite socket binds to. */
    public String localHost = "127.0.0.1";
    /** Discovery addresses of the members, comma separated ("host:port" or "host:port1..port2"). */
    public String discoveryAddresses = "127.0.0.1:47500..47509";
    /** TCP discovery port of this member. */
    public int discoveryPort = 47500;
    /** TCP communication port of this member. */
    public int communicationPort = 47100;
    /** Number of backup copies of each partition (1 for a multi-member control plane). */
    public int backups = 0;
    /** Ignite native persistence (write-ahead log + page files) on or off. */
    public boolean persistenceEnabled = true;
    /** Ignite work directory (persistence, WAL, metadata). */
    public Path storagePath = Paths.get("data", "ignite");
    /** WAL mode: FSYNC (every commit is on disk before it is acknowledged) or LOG_ONLY. */
    public String walMode = "FSYNC";
    /** WAL segment size in MiB. */
    public int walSegmentSizeMb = 64;
    /** Number of WAL work segments. */
    public int walSegments = 10;
    /** Maximum size of the data region in MiB. */
    public long dataRegionSizeMb = 256;
    /** Baseline auto-adjust timeout in ms (a member that joins or leaves changes the baseline after it). */
    public long baselineAutoAdjustTimeoutMs = 10_000;
    /** Automatic compaction every this many seconds; 0 disables it. */
    public long compactionIntervalSeconds = 300;
    /** History kept by the automatic compaction, in seconds. */
    public long compactionRetentionSeconds = 300;
    /** Events a watcher may have queued before it is closed as too slow. */
    public int watchQueueLimit = 100_000;
    /** Ignite failure detection timeout in ms (how fast a dead member is noticed). */
    public long failureDetectionTimeoutMs = 10_000;
    /** Transaction timeout of one write batch in ms. */
    public long txTimeoutMs = 10_000;
    /** Class loader for Ignite (the bundle's in OSGi); null = this class's loader. */
    public ClassLoader classLoader;

    public StoreOptions copy() {
        StoreOptions o = new StoreOptions();
        o.instanceName = instanceName;
        o.consistentId = consistentId;
        o.localHost = localHost;
        o.discoveryAddresses = discoveryAddresses;
        o.discoveryPort = discoveryPort;
        o.communicationPort = communicationPort;
        o.backups = backups;
        o.persistenceEnabled = persistenceEnabled;
        o.storagePath = storagePath;
        o.walMode = walMode;
        o.walSegmentSizeMb = walSegmentSizeMb;
        o.walSegments = walSegments;
        o.dataRegionSizeMb = dataRegionSizeMb;
        o.baselineAutoAdjustTimeoutMs = baselineAutoAdjustTimeoutMs;
        o.compactionIntervalSeconds = compactionIntervalSeconds;
        o.compactionRetentionSeconds = compactionRetentionSeconds;
        o.watchQueueLimit = watchQueueLimit;
        o.failureDetectionTimeoutMs = failureDetectionTimeoutMs;
        o.txTimeoutMs = txTimeoutMs;
        o.classLoader = classLoader;
        return o;
    }

    String effectiveConsistentId() {
        return consistentId == null || consistentId.isBlank() ? instanceName + "-" + discoveryPort : consistentId.trim();
    }

    void validate() {
        Objects.requireNonNull(instanceName, "instanceName");
        if (backups < 0) {
            throw new IllegalArgumentException("backups must be >= 0, got " + backups);
        }
        if (!walMode.equalsIgnoreCase("FSYNC") && !walMode.equalsIgnoreCase("LOG_ONLY")
                && !walMode.equalsIgnoreCase("BACKGROUND")) {
            throw new IllegalArgumentException("walMode must be FSYNC, LOG_ONLY or BACKGROUND, got " + walMode);
        }
        if (dataRegionSizeMb < 32) {
            throw new IllegalArgumentException("dataRegionSizeMb must be at least 32, got " + dataRegionSizeMb);
        }
        if (storagePath == null) {
            throw new IllegalArgumentException("storagePath is required");
        }
    }

    @Override
    public String toString() {
        return "instance=" + instanceName + " id=" + effectiveConsistentId() + " host=" + localHost
                + " discovery=" + discoveryAddresses + " ports=" + discoveryPort + "/" + communicationPort
                + " backups=" + backups + (persistenceEnabled ? " persistence=" + storagePath + " wal=" + walMode : " in-memory");
    }
}
