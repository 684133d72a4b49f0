package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.ListResult;
import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.StoreStatus;
import io.kuberaf.api.store.Watch;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Publishes the Ignite store as the {@link ResourceStore} service. Activation starts the embedded
 * Ignite server node (with the bundle's class loader) and the store; deactivation (bundle stop,
 * update, configuration change) stops both, so the bundle restarts cleanly with its data.
 */
@Component(service = ResourceStore.class, configurationPid = "io.kuberaf.store.ignite",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = IgniteResourceStoreComponent.Config.class)
public class IgniteResourceStoreComponent implements ResourceStore {

    @ObjectClassDefinition(name = "Kuberaf store (Apache Ignite)",
            description = "The cluster state store: an embedded Apache Ignite server node")
    public @interface Config {
        @AttributeDefinition(description = "Ignite instance name (unique in this JVM)")
        String instanceName() default "kuberaf";

        @AttributeDefinition(description = "Consistent id of this member; names its persistence folder. "
                + "Empty: <instanceName>-<discoveryPort>")
        String consistentId() default "";

        @AttributeDefinition(description = "Address every Ignite socket binds to")
        String localHost() default "127.0.0.1";

        @AttributeDefinition(description = "Discovery addresses of the members, comma separated, host:port or host:port1..port2")
        String discoveryAddresses() default "127.0.0.1:47500..47509";

        @AttributeDefinition(description = "TCP discovery port of this member")
        int discoveryPort() default 47500;

        @AttributeDefinition(description = "TCP communication port of this member")
        int communicationPort() default 47100;

        @AttributeDefinition(description = "Backup copies of each partition (1 or more for a multi-member control plane)")
        int backups() default 0;

        @AttributeDefinition(description = "Ignite native persistence (WAL + page files)")
        boolean persistenceEnabled() default true;

        @AttributeDefinition(description = "Ignite work directory; empty: ${karaf.data}/ignite")
        String storagePath() default "";

        @AttributeDefinition(description = "WAL mode: FSYNC or LOG_ONLY")
        String walMode() default "FSYNC";

        @AttributeDefinition(description = "WAL segment size in MiB")
        int walSegmentSizeMb() default 64;

        @AttributeDefinition(description = "Maximum size of the data region in MiB")
        long dataRegionSizeMb() default 256;

        @AttributeDefinition(description = "Baseline auto-adjust timeout in milliseconds")
        long baselineAutoAdjustTimeoutMs() default 10000;

        @AttributeDefinition(description = "Automatic compaction interval in seconds; 0 disables it")
        long compactionIntervalSeconds() default 300;

        @AttributeDefinition(description = "History kept by the automatic compaction, in seconds")
        long compactionRetentionSeconds() default 300;

        @AttributeDefinition(description = "Events a watcher may have pending before it is closed as too slow")
        int watchQueueLimit() default 100000;

        @AttributeDefinition(description = "Ignite failure detection timeout in milliseconds")
        long failureDetectionTimeoutMs() default 10000;
    }

    private volatile IgniteResourceStore store;

    @Activate
    void activate(Config config) {
        StoreOptions o = new StoreOptions();
        o.instanceName = config.instanceName().trim();
        o.consistentId = config.consistentId();
        o.localHost = config.localHost().trim();
        o.discoveryAddresses = config.discoveryAddresses();
        o.discoveryPort = config.discoveryPort();
        o.communicationPort = config.communicationPort();
        o.backups = config.backups();
        o.persistenceEnabled = config.persistenceEnabled();
        o.storagePath = config.storagePath().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "ignite")
                : Path.of(config.storagePath().trim());
        o.walMode = config.walMode().trim();
        o.walSegmentSizeMb = config.walSegmentSizeMb();
        o.dataRegionSizeMb = config.dataRegionSizeMb();
        o.baselineAutoAdjustTimeoutMs = config.baselineAutoAdjustTimeoutMs();
        o.compactionIntervalSeconds = config.compactionIntervalSeconds();
        o.compactionRetentionSeconds = config.compactionRetentionSeconds();
        o.watchQueueLimit = config.watchQueueLimit();
        o.failureDetectionTimeoutMs = config.failureDetectionTimeoutMs();
        // Ignite loads its service implementations and our nothing-but-JDK values through this loader.
        o.classLoader = IgniteResourceStoreComponent.class.getClassLoader();
        store = IgniteResourceStore.start(o);
    }

    @Deactivate
    void deactivate() {
        IgniteResourceStore s = store;
        store = null;
        if (s != null) {
            s.close();
        }
    }

    private IgniteResourceStore store() {
        IgniteResourceStore s = store;
        if (s == null) {
            throw new io.kuberaf.api.store.StoreException("the Ignite store is not active");
        }
        return s;
    }

    @Override
    public long currentRevision() {
        return store().currentRevision();
    }

    @Override
    public long compactedRevision() {
        return store().compactedRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return store().get(key);
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long revision) {
        return store().list(prefix, startAfter, limit, revision);
    }

    @Override
    public long count(String prefix) {
        return store().count(prefix);
    }

    @Override
    public KeyValue create(String key, byte[] value, long ttlSeconds) {
        return store().create(key, value, ttlSeconds);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision, long ttlSeconds) {
        return store().update(key, value, expectedModRevision, ttlSeconds);
    }

    @Override
    public WatchEvent delete(String key, long expectedModRevision) {
        return store().delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return store().watch(prefix, afterRevision, listener);
    }

    @Override
    public long compact(long revision) {
        return store().compact(revision);
    }

    @Override
    public StoreStatus status() {
        return store().status();
    }
}
