package io.kuberaf.apiserver;

import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.extension.KindProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/** Runs the apiserver in Karaf over the ResourceStore service; configured by etc/io.kuberaf.apiserver.cfg. */
@Component(configurationPid = "io.kuberaf.apiserver", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = ApiServerConfig.class)
public final class ApiServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerComponent.class);

    @Reference
    private ResourceStore store;

    private final KindProviders kindProviders = new KindProviders();
    private ApiServer server;

    /** A vendor bundle's kinds: served from now on, while its service is registered. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeKindProvider")
    void addKindProvider(KindProvider provider, Map<String, Object> properties) {
        kindProviders.add(source(properties), provider);
    }

    void removeKindProvider(KindProvider provider, Map<String, Object> properties) {
        kindProviders.remove(source(properties));
    }

    /** How logs name a provider: its bundle and service id. */
    private static String source(Map<String, Object> properties) {
        return "KindProvider service " + properties.get(Constants.SERVICE_ID) + " of bundle "
                + properties.get(Constants.SERVICE_BUNDLEID);
    }

    @Activate
    void activate(ApiServerConfig config, BundleContext context) throws Exception {
        String version = context.getBundle().getVersion().toString();
        ApiServer.Settings settings = new ApiServer.Settings(config.host(), config.port(), config.watchCache_size(),
                config.watch_bookmarkIntervalSeconds(), config.event_ttlSeconds(), version, config.service_clusterIPRange(),
                config.service_nodePortRange());
        server = ApiServer.create(store, settings);
        Path kubeconfig = kubeconfigPath(config.kubeconfig_path());
        try {
            server.start();
            kindProviders.attach(server.customResources());
            Kubeconfig.write(kubeconfig, server.url());
        } catch (Exception e) {
            // DS does not deactivate a component whose activation failed: release port, watch and threads here.
            server.close();
            server = null;
            throw e;
        }
        LOG.info("kubeconfig for kubectl and fabric8 written to {} (export KUBECONFIG={})", kubeconfig, kubeconfig);
    }

    private static Path kubeconfigPath(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("karaf.data", "data"), "kubeconfig");
    }

    @Deactivate
    void deactivate() throws Exception {
        kindProviders.detach();
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
