package io.kuberaf.controller.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
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

import java.time.Duration;

/** Runs the namespace controller on the member that holds the lease {@code kuberaf-controller-namespace}. */
@Component(service = {}, immediate = true, configurationPid = "io.kuberaf.controller.namespace",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NamespaceControllerComponent.Config.class)
public class NamespaceControllerComponent {

    @ObjectClassDefinition(name = "Kuberaf namespace controller",
            description = "Empties deleted namespaces, then lets the apiserver remove them")
    public @interface Config {
        @AttributeDefinition(description = "Namespaces emptied in parallel (kube-controller-manager: --concurrent-namespace-syncs=10)")
        int workers() default 10;

        @AttributeDefinition(description = "Milliseconds before a terminating namespace whose content is still there is looked at again")
        long recheck_ms() default 2000;
    }

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(Config config) {
        NamespaceController namespaces = new NamespaceController(client, informers.informer(Namespace.class),
                Duration.ofMillis(config.recheck_ms()));
        election = LeaderElection.start(client, "kuberaf-controller-namespace", () -> {
            Controller controller = namespaces.controller(config.workers());
            controller.start();
            return controller;
        });
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
