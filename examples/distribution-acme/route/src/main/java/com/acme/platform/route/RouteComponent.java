package com.acme.platform.route;

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

/**
 * Runs the Acme router on the member that holds the lease {@code acme-router}: Routes' host ports
 * are opened on that member's loopback.
 */
@Component(service = {}, immediate = true, configurationPid = "com.acme.route",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RouteComponent.Config.class)
public class RouteComponent {

    @ObjectClassDefinition(name = "Acme router", description = "Routes: Services exposed on the node's loopback")
    public @interface Config {
        @AttributeDefinition(description = "Routes reconciled in parallel")
        int workers() default 2;
    }

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(Config config) {
        election = LeaderElection.start(client, "acme-router",
                () -> new Router(client, informers).start(config.workers()));
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
