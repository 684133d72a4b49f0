package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the ReplicaSet and the ReplicationController controllers on the member holding the lease
 * (kube-controller-manager's replicaset and replicationcontroller controllers).
 */
@Component(configurationPid = "io.kuberaf.controller.replication", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = ReplicationConfiguration.class)
public class ReplicationControllers {

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(ReplicationConfiguration configuration) {
        election = LeaderElection.start(client, configuration.lease_name(), () -> start(client, informers,
                configuration.workers(), configuration.burst_replicas()));
    }

    /** Both controllers, started; closing the result stops both. */
    public static AutoCloseable start(KubernetesClient client, SharedInformers informers, int workers, int burstReplicas) {
        ReplicaController<?> replicaSets = new ReplicaController<>(client, informers, new ReplicaSetKind(), workers, burstReplicas);
        ReplicaController<?> replicationControllers = new ReplicaController<>(client, informers, new ReplicationControllerKind(),
                workers, burstReplicas);
        replicaSets.start();
        replicationControllers.start();
        return () -> {
            replicaSets.close();
            replicationControllers.close();
        };
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
