package io.kuberaf.controller.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.Controller;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Runs the endpoints controller on the member that holds the lease {@code kuberaf-controller-endpoints}. */
@Component(service = {}, immediate = true, configurationPid = "io.kuberaf.controller.endpoints",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EndpointsControllerComponent.Config.class)
public class EndpointsControllerComponent {

    @ObjectClassDefinition(name = "Kuberaf endpoints controller",
            description = "Endpoints and EndpointSlices for every Service with a selector")
    public @interface Config {
        @AttributeDefinition(description = "Services synced in parallel (kube-controller-manager: --concurrent-endpoint-syncs=5)")
        int workers() default 5;
    }

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(Config config) {
        election = LeaderElection.start(client, "kuberaf-controller-endpoints", () -> {
            Controller controller = new EndpointsController(client, informers).controller(config.workers());
            controller.start();
            return controller;
        });
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
