package io.kuberaf.controller.deployment;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import java.time.Clock;

/** Runs the Deployment controller on the member holding the lease. */
@Component(configurationPid = "io.kuberaf.controller.deployment", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = DeploymentConfiguration.class)
public class DeploymentControllerComponent {

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(DeploymentConfiguration configuration) {
        election = LeaderElection.start(client, configuration.lease_name(), () -> start(client, informers, configuration.workers()));
    }

    /** The controller, started; closing it stops it. */
    public static AutoCloseable start(KubernetesClient client, SharedInformers informers, int workers) {
        DeploymentController controller = new DeploymentController(client, informers, workers, Clock.systemUTC());
        controller.start();
        return controller;
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
