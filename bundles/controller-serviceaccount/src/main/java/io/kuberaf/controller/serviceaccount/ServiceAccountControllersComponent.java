package io.kuberaf.controller.serviceaccount;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the service account controllers on the member that holds the lease {@code kuberaf-controller-serviceaccount}. */
@Component(service = {}, immediate = true, configurationPid = "io.kuberaf.controller.serviceaccount",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServiceAccountControllersComponent.Config.class)
public class ServiceAccountControllersComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountControllersComponent.class);

    @ObjectClassDefinition(name = "Kuberaf service account controllers",
            description = "Default ServiceAccounts, the kube-root-ca.crt ConfigMaps and legacy token Secrets")
    public @interface Config {
        @AttributeDefinition(description = "Objects synced in parallel by each controller")
        int workers() default 3;

        @AttributeDefinition(description = "PEM file of the cluster CA published as ca.crt; empty: none yet (ca.crt is empty)")
        String root_ca_file() default "";
    }

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(Config config) throws IOException {
        String rootCa = config.root_ca_file().isBlank() ? "" : Files.readString(Path.of(config.root_ca_file()));
        if (rootCa.isEmpty()) {
            LOG.info("No cluster CA configured (root.ca.file): kube-root-ca.crt and token Secrets get an empty ca.crt");
        }
        election = LeaderElection.start(client, "kuberaf-controller-serviceaccount",
                () -> new ServiceAccountControllers(client, informers, rootCa, config.workers()).start());
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
