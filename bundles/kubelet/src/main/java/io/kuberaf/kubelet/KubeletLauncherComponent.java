package io.kuberaf.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.client.SharedInformers;
import io.kuberaf.kubelet.spi.KubeletLauncher;
import io.kuberaf.kubelet.spi.KubeletOptions;
import io.kuberaf.kubelet.spi.RunningKubelet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The {@link KubeletLauncher} service: this JVM's kubelets (the machine's own and any hollow nodes) with the
 * threads and the pod watch they share. Replaced, with every kubelet, when the API client changes.
 */
@Component(service = {KubeletLauncher.class, KubeletLauncherComponent.class})
public final class KubeletLauncherComponent implements KubeletLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletLauncherComponent.class);

    @Reference
    private KubernetesClient client;

    @Reference
    private SharedInformers informers;

    private KubeletContext context;
    private Launcher launcher;

    @Activate
    void activate() {
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        context = new KubeletContext(client, informers, threads);
        launcher = new Launcher(context);
        LOG.info("Kubelet launcher ready ({} shared workers)", threads);
    }

    @Deactivate
    void deactivate() {
        launcher.close();
        context.close();
    }

    @Override
    public RunningKubelet start(KubeletOptions options, ContainerRuntime runtime) {
        return launcher.start(options, runtime);
    }

    @Override
    public List<RunningKubelet> running() {
        return launcher.running();
    }

    /** Starts a kubelet that runs {@code onRegistration} when it registers its Node (see {@link Launcher}). */
    RunningKubelet start(KubeletOptions options, ContainerRuntime runtime, Runnable onRegistration) {
        return launcher.start(options, runtime, onRegistration);
    }

    /** The kubelet of a node running in this JVM, or null (for the kubelet API server in this bundle). */
    public Kubelet kubelet(String nodeName) {
        return launcher.kubelet(nodeName);
    }
}
