package io.kuberaf.controller.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.client.controller.LeaderElection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the node controllers on the member that holds the Lease kube-system/kuberaf-controller-node. */
@Component(configurationPid = "io.kuberaf.controller.node", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = NodeControllerConfiguration.class)
public class NodeControllerComponent {

    static final String LEASE_NAME = "kuberaf-controller-node";
    private static final Logger LOG = LoggerFactory.getLogger(NodeControllerComponent.class);

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private LeaderElection election;

    @Activate
    void activate(NodeControllerConfiguration configuration) {
        Settings settings = Settings.of(configuration);
        // Fail on a bad cluster CIDR here, where the operator sees it, not later on the leader.
        new CidrAllocator(settings.clusterCidr(), settings.nodeCidrMaskSize());
        election = LeaderElection.start(client, LEASE_NAME,
                () -> new NodeControllers(client, informers, settings).start());
        LOG.info("Node controller: grace period {} ms, cluster CIDR {} /{}", settings.gracePeriod().toMillis(),
                settings.clusterCidr(), settings.nodeCidrMaskSize());
    }

    @Deactivate
    void deactivate() {
        election.close();
    }
}
