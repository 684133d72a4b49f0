package io.kuberaf.runtime.simulated;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.kubelet.spi.KubeletLauncher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.time.Duration;

/** Publishes {@link HollowNodes} for the kuberaf:hollow-nodes command; stops every hollow node when it goes. */
@Component(service = HollowNodesComponent.class, configurationPid = SimulatedConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HollowNodesComponent {

    @Reference
    private KubeletLauncher launcher;

    @Reference
    private KubernetesClient client;

    private HollowNodes hollowNodes;

    @Activate
    void activate(SimulatedConfig config) {
        hollowNodes = new HollowNodes(launcher, client, Settings.of(config), config.hollow_cpus(),
                config.hollow_memory_mib() << 20, Duration.ofSeconds(Math.max(1, config.hollow_relist_seconds())));
    }

    @Deactivate
    void deactivate() {
        hollowNodes.list().forEach(kubelet -> kubelet.close());
    }

    public HollowNodes hollowNodes() {
        return hollowNodes;
    }
}
