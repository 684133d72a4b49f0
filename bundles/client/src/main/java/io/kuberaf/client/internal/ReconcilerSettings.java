package io.kuberaf.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kuberaf.client.reconciler.ControllerConfiguration;
import io.kuberaf.client.reconciler.Reconciler;

import java.util.List;
import java.util.Locale;

/** A reconciler's settings: its {@link ControllerConfiguration} with the defaults filled in. */
record ReconcilerSettings(String name, Class<? extends HasMetadata> resourceType, String finalizerName,
                          List<Class<? extends HasMetadata>> owns, int workers, boolean leaderElection) {

    static ReconcilerSettings of(Reconciler<?> reconciler) {
        Class<? extends HasMetadata> type = reconciler.resourceType();
        ControllerConfiguration configuration = reconciler.getClass().getAnnotation(ControllerConfiguration.class);
        if (configuration == null) {
            return new ReconcilerSettings(defaultName(reconciler), type, defaultFinalizer(type), List.of(), 2, true);
        }
        if (configuration.workers() < 1) {
            throw new IllegalArgumentException(reconciler.getClass().getName() + ": workers must be at least 1");
        }
        return new ReconcilerSettings(
                configuration.name().isBlank() ? defaultName(reconciler) : configuration.name(),
                type,
                configuration.finalizerName().isBlank() ? defaultFinalizer(type) : configuration.finalizerName(),
                List.of(configuration.owns()),
                configuration.workers(),
                configuration.leaderElection());
    }

    /** The leader-election lease's name. */
    String leaseName() {
        return "kuberaf-reconciler-" + name;
    }

    /** The class name without its package, lower case, as a DNS label (nested classes: outer-inner). */
    private static String defaultName(Reconciler<?> reconciler) {
        String className = reconciler.getClass().getName();
        return className.substring(className.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
    }

    private static String defaultFinalizer(Class<? extends HasMetadata> type) {
        String group = HasMetadata.getGroup(type);
        String plural = HasMetadata.getPlural(type);
        return (group == null || group.isEmpty() ? plural + ".kuberaf.io" : plural + "." + group) + "/finalizer";
    }
}
