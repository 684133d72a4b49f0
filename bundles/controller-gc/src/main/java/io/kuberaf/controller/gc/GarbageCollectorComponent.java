package io.kuberaf.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
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

/**
 * Runs the garbage collector on the member that holds the lease {@code kuberaf-controller-gc}. It reads
 * discovery when it starts leading: resources added later (a CRD) are collected after the next restart
 * of the bundle or change of leader.
 */
@Component(service = {}, immediate = true, configurationPid = "io.kuberaf.controller.gc",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GarbageCollectorComponent.Config.class)
public class GarbageCollectorComponent {

    @ObjectClassDefinition(name = "Kuberaf garbage collector",
            description = "Deletes objects whose owners are gone; carries out foreground and orphan deletions")
    public @interface Config {
        @AttributeDefinition(description = "Objects processed in parallel (kube-controller-manager: --concurrent-gc-syncs=20)")
        int workers() default 20;

        @AttributeDefinition(description = "Milliseconds before an owner waiting for blocking dependents is looked at again")
        long recheck_ms() default 5000;
    }

    @Reference
    private KubernetesClient client;

    private LeaderElection election;

    @Activate
    void activate(Config config) {
        election = LeaderElection.start(client, "kuberaf-controller-gc", () -> {
            GarbageCollector collector = new GarbageCollector(client, config.workers(), Duration.ofMillis(config.recheck_ms()));
            collector.start();
            return collector;
        });
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
