package io.kuberaf.client.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.reconciler.Reconciler;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whiteboard of the controller SDK: every {@link Reconciler} service in the container runs (a
 * {@link ReconcilerRuntime} against the same API server as the container's client) for as long as it is
 * registered. A vendor bundle that stops, is updated or uninstalled takes its controllers with it.
 */
@Component(immediate = true)
public class ReconcilerWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerWhiteboard.class);

    @Reference
    private KubernetesClient client;

    private final Map<Reconciler<?>, ReconcilerRuntime<?>> running = new IdentityHashMap<>();
    private final List<Reconciler<?>> waiting = new ArrayList<>();
    private boolean active;

    @Activate
    synchronized void activate() {
        active = true;
        waiting.forEach(this::start);
        waiting.clear();
    }

    @Reference(service = Reconciler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addReconciler(Reconciler<?> reconciler) {
        if (active) {
            start(reconciler);
        } else {
            waiting.add(reconciler);
        }
    }

    synchronized void removeReconciler(Reconciler<?> reconciler) {
        waiting.remove(reconciler);
        ReconcilerRuntime<?> runtime = running.remove(reconciler);
        if (runtime != null) {
            runtime.close();
            LOG.info("Reconciler {} from {} stopped", runtime.name(), origin(reconciler));
        }
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        running.values().forEach(ReconcilerRuntime::close);
        running.clear();
    }

    private void start(Reconciler<?> reconciler) {
        try {
            running.put(reconciler, ReconcilerRuntime.start(reconciler, client.getConfiguration()));
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Reconciler {} from {} cannot run: {}", reconciler.getClass().getName(), origin(reconciler), e.toString(), e);
        }
    }

    private static String origin(Reconciler<?> reconciler) {
        Bundle bundle = FrameworkUtil.getBundle(reconciler.getClass());
        return bundle == null ? "the class path" : "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
