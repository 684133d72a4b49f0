package io.kuberaf.store.ignite;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.AtomicConfiguration;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.TransactionConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/** Starts and stops the embedded Ignite server node and creates the store's caches. */
final class IgniteNodeFactory {

    static final String KV_CACHE = "kuberaf-kv";
    static final String LOG_CACHE = "kuberaf-log";
    static final String META_CACHE = "kuberaf-meta";
    static final String DATA_REGION = "kuberaf";

    private static final Logger LOG = LoggerFactory.getLogger(IgniteNodeFactory.class);

    private IgniteNodeFactory() {
    }

    static Ignite start(StoreOptions o) {
        // Global switches Ignite reads from system properties only; never override an operator's choice.
        System.setProperty("IGNITE_UPDATE_NOTIFIER", System.getProperty("IGNITE_UPDATE_NOTIFIER", "false"));
        System.setProperty("IGNITE_NO_ASCII", System.getProperty("IGNITE_NO_ASCII", "true"));
        System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED",
                System.getProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true"));

        ClassLoader loader = o.classLoader != null ? o.classLoader : IgniteNodeFactory.class.getClassLoader();
        IgniteConfiguration cfg = configuration(o, loader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        Ignite ignite;
        try {
            ignite = Ignition.start(cfg);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Apache Ignite node '" + o.instanceName + "' failed to start (" + o
                    + "): " + e.getMessage() + ". Check that the ports are free and the storage path is writable.", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            if (ignite.cluster().state() != ClusterState.ACTIVE) {
                LOG.info("Activating the Ignite cluster (first start of this store)");
                ignite.cluster().state(ClusterState.ACTIVE);
            }
            if (o.persistenceEnabled) {
                ignite.cluster().baselineAutoAdjustEnabled(true);
                ignite.cluster().baselineAutoAdjustTimeout(o.baselineAutoAdjustTimeoutMs);
            }
            ignite.getOrCreateCaches(Arrays.asList(
                    cacheConfiguration(KV_CACHE, o), cacheConfiguration(LOG_CACHE, o), cacheConfiguration(META_CACHE, o)));
        } catch (RuntimeException e) {
            stop(o.instanceName);
            throw new IllegalStateException("Apache Ignite node '" + o.instanceName + "' started but the store caches "
                    + "could not be prepared: " + e.getMessage(), e);
        }
        return ignite;
    }

    /**
     * Stops the node gracefully ({@code cancel=false}): operations already running on it finish, so
     * a transaction that is committing when the store shuts down is either completed or rolled back
     * as a whole, never cut in the middle of the two-phase commit.
     */
    static void stop(String instanceName) {
        try {
            Ignition.stop(instanceName, false);
        } catch (RuntimeException e) {
            LOG.warn("Stopping Ignite node {} failed: {}", instanceName, e.toString());
        }
    }

    static IgniteConfiguration configuration(StoreOptions o, ClassLoader loader) {
        IgniteConfiguration cfg = new IgniteConfiguration();
        cfg.setIgniteInstanceName(o.instanceName);
        cfg.setConsistentId(o.effectiveConsistentId());
        cfg.setClassLoader(loader);
        cfg.setLocalHost(o.localHost);
        cfg.setPeerClassLoadingEnabled(false);
        cfg.setMetricsLogFrequency(0);
        cfg.setGridLogger(new Slf4jIgniteLogger());
        cfg.setClientConnectorConfiguration(null); // thin client, JDBC, ODBC (10800)
        cfg.setConnectorConfiguration(null);       // REST (11211)
        cfg.setFailureDetectionTimeout(o.failureDetectionTimeoutMs);
        // A critical failure stops this node only; the default handler may halt the JVM (all of Karaf).
        cfg.setFailureHandler(new StopNodeFailureHandler());
        // We run no compute, services, SQL or streaming: keep those pools small (2-core machines).
        cfg.setPublicThreadPoolSize(2);
        cfg.setServiceThreadPoolSize(2);
        cfg.setQueryThreadPoolSize(2);
        cfg.setDataStreamerThreadPoolSize(1);
        cfg.setAsyncCallbackPoolSize(2);
        cfg.setUtilityCachePoolSize(2);
        cfg.setPeerClassLoadingThreadPoolSize(1);
        cfg.setManagementThreadPoolSize(2);

        // Also in memory: Ignite keeps marshaller and binary metadata there (else it picks the current directory).
        cfg.setWorkDirectory(o.storagePath.toAbsolutePath().toString());

        TcpDiscoveryVmIpFinder ipFinder = new TcpDiscoveryVmIpFinder();
        List<String> addresses = Arrays.stream(o.discoveryAddresses.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        ipFinder.setAddresses(addresses);
        TcpDiscoverySpi discovery = new TcpDiscoverySpi();
        discovery.setIpFinder(ipFinder);
        discovery.setLocalAddress(o.localHost);
        discovery.setLocalPort(o.discoveryPort);
        discovery.setLocalPortRange(0); // the port is part of the member's identity; fail loudly if taken
        cfg.setDiscoverySpi(discovery);

        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress(o.localHost);
        communication.setLocalPort(o.communicationPort);
        communication.setLocalPortRange(0);
        cfg.setCommunicationSpi(communication);

        AtomicConfiguration atomics = new AtomicConfiguration();
        atomics.setAffinity(new RendezvousAffinityFunction(false, 64));
        atomics.setBackups(o.backups);
        cfg.setAtomicConfiguration(atomics);

        TransactionConfiguration tx = new TransactionConfiguration();
        tx.setDefaultTxTimeout(o.txTimeoutMs);
        cfg.setTransactionConfiguration(tx);

        DataRegionConfiguration region = new DataRegionConfiguration();
        region.setName(DATA_REGION);
        region.setPersistenceEnabled(o.persistenceEnabled);
        region.setInitialSize(Math.min(64L, o.dataRegionSizeMb) * 1024 * 1024);
        region.setMaxSize(o.dataRegionSizeMb * 1024 * 1024);
        region.setMetricsEnabled(true);
        DataStorageConfiguration storage = new DataStorageConfiguration();
        storage.setDefaultDataRegionConfiguration(region);
        storage.setMetricsEnabled(true);
        storage.setSystemDataRegionConfiguration(new org.apache.ignite.configuration.SystemDataRegionConfiguration()
                .setInitialSize(16L * 1024 * 1024).setMaxSize(64L * 1024 * 1024));
        if (o.persistenceEnabled) {
            storage.setWalMode(WALMode.valueOf(o.walMode.toUpperCase()));
            storage.setWalSegmentSize(o.walSegmentSizeMb * 1024 * 1024);
            storage.setWalSegments(o.walSegments);
        }
        cfg.setDataStorageConfiguration(storage);
        return cfg;
    }

    private static <K, V> CacheConfiguration<K, V> cacheConfiguration(String name, StoreOptions o) {
        CacheConfiguration<K, V> c = new CacheConfiguration<>(name);
        c.setCacheMode(CacheMode.PARTITIONED);
        c.setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL);
        c.setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
        c.setAffinity(new RendezvousAffinityFunction(false, 64));
        c.setBackups(o.backups);
        c.setReadFromBackup(false);
        c.setDataRegionName(DATA_REGION);
        // Fail operations on lost partitions instead of silently reading nothing.
        c.setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE);
        return c;
    }

    @SuppressWarnings("unchecked")
    static <K, V> IgniteCache<K, V> cache(Ignite ignite, String name) {
        return (IgniteCache<K, V>) ignite.cache(name);
    }
}
