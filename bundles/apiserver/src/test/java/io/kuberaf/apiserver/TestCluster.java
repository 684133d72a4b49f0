package io.kuberaf.apiserver;

import io.kuberaf.store.ignite.IgniteResourceStore;
import io.kuberaf.store.ignite.StoreOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** An apiserver over an in-memory Ignite store on loopback, for tests and for trying kubectl by hand. */
public final class TestCluster implements AutoCloseable {

    private final IgniteResourceStore store;
    private final ApiServer server;

    public TestCluster(int port, int ignitePortBase) throws Exception {
        StoreOptions options = new StoreOptions();
        options.instanceName = "apiserver-test-" + ignitePortBase;
        options.persistenceEnabled = false;
        options.storagePath = Files.createTempDirectory("kuberaf-apiserver-test"); // Ignite's work dir, even in memory
        options.discoveryPort = ignitePortBase;
        options.discoveryAddresses = "127.0.0.1:" + ignitePortBase + ".." + (ignitePortBase + 9);
        options.communicationPort = ignitePortBase - 400;
        options.dataRegionSizeMb = 128;
        store = IgniteResourceStore.start(options);
        server = ApiServer.create(store, ApiServer.Settings.defaults(port));
        server.start();
    }

    public String url() {
        return server.url();
    }

    public ApiServer server() {
        return server;
    }

    public IgniteResourceStore store() {
        return store;
    }

    public Path writeKubeconfig(Path path) throws Exception {
        Kubeconfig.write(path, url());
        return path;
    }

    @Override
    public void close() throws Exception {
        server.close();
        store.close();
    }

    /**
     * Runs a cluster on 127.0.0.1 until killed; writes target/kubeconfig.
     * Arguments: [port, default 6443] [Ignite port base, default 48500], so that parallel users need not collide.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6443;
        int ignitePortBase = args.length > 1 ? Integer.parseInt(args[1]) : 48500;
        TestCluster cluster = new TestCluster(port, ignitePortBase);
        Path kubeconfig = cluster.writeKubeconfig(Files.createDirectories(Path.of("target")).resolve("kubeconfig"));
        System.out.println("READY " + cluster.url() + " KUBECONFIG=" + kubeconfig.toAbsolutePath());
        Thread.currentThread().join();
    }
}
