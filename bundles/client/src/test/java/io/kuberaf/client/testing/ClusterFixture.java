package io.kuberaf.client.testing;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kuberaf.apiserver.TestCluster;
import io.kuberaf.client.internal.SharedInformersImpl;

import java.util.concurrent.TimeoutException;

/**
 * What a component's test needs from a cluster: a real apiserver over an in-memory store, a client of it
 * and the shared informers. Start one per test class (about 5 s) with the class's own Ignite port base.
 */
public final class ClusterFixture implements AutoCloseable {

    private final TestCluster cluster;
    private final KubernetesClient client;
    private final SharedInformersImpl informers;

    private ClusterFixture(TestCluster cluster) {
        this.cluster = cluster;
        // Set explicitly: with Vert.x on a test classpath fabric8 would pick whichever factory it finds first.
        this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.url()).build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        this.informers = new SharedInformersImpl(client, 0);
    }

    public static ClusterFixture start(int ignitePortBase) throws Exception {
        return new ClusterFixture(new TestCluster(0, ignitePortBase));
    }

    public String url() {
        return cluster.url();
    }

    public KubernetesClient client() {
        return client;
    }

    public SharedInformersImpl informers() {
        return informers;
    }

    public TestCluster cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        informers.close();
        client.close();
        try {
            cluster.close();
        } catch (TimeoutException e) {
            // Jetty's graceful stop waits for keep-alive connections the JDK HTTP client (Java 17) never closes
            cluster.store().close();
        }
    }
}
