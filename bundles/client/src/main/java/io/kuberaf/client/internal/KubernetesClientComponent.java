package io.kuberaf.client.internal;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

/**
 * Publishes a configured fabric8 {@link KubernetesClient} and the {@link io.kuberaf.client.SharedInformers}
 * built on it. A configuration change replaces both (DS re-activates the component), and every
 * component using them restarts with the new ones.
 */
@Component(configurationPid = "io.kuberaf.client", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ClientConfiguration.class)
public class KubernetesClientComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClientComponent.class);

    private KubernetesClient client;
    private SharedInformersImpl informers;
    private ServiceRegistration<?> clientRegistration;
    private ServiceRegistration<?> informersRegistration;

    @Activate
    void activate(BundleContext context, ClientConfiguration configuration) throws IOException {
        client = newClient(configuration);
        informers = new SharedInformersImpl(client, configuration.informer_resync_ms());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("master.url", client.getConfiguration().getMasterUrl());
        clientRegistration = context.registerService(KubernetesClient.class, client, properties);
        informersRegistration = context.registerService(io.kuberaf.client.SharedInformers.class, informers, properties);
        LOG.info("Kubernetes API client for {}", client.getConfiguration().getMasterUrl());
    }

    @Deactivate
    void deactivate() {
        informersRegistration.unregister();
        clientRegistration.unregister();
        informers.close();
        client.close();
    }

    static KubernetesClient newClient(ClientConfiguration configuration) throws IOException {
        Config config = configuration.kubeconfig().isBlank()
                ? new ConfigBuilder(Config.empty()).withMasterUrl(configuration.master_url()).build()
                : Config.fromKubeconfig(Files.readString(Path.of(configuration.kubeconfig())));
        config.setRequestTimeout(configuration.request_timeout_ms());
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
