package io.kuberaf.shell;

import org.osgi.framework.Bundle;

import java.util.ArrayList;
import java.util.List;

/** The Kuberaf bundles of the running framework and how to name their states. */
final class KuberafBundles {

    private KuberafBundles() {
    }

    static List<Bundle> all(Bundle[] bundles) {
        List<Bundle> kuberaf = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith("kuberaf-") || name != null && name.startsWith("io.kuberaf")) {
                kuberaf.add(bundle);
            }
        }
        return kuberaf;
    }

    static boolean isController(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && (name.startsWith("kuberaf-controller-") || name.startsWith("kuberaf-scheduler"));
    }

    static String state(Bundle bundle) {
        switch (bundle.getState()) {
            case Bundle.ACTIVE: return "Active";
            case Bundle.RESOLVED: return "Resolved";
            case Bundle.INSTALLED: return "Installed";
            case Bundle.STARTING: return "Starting";
            case Bundle.STOPPING: return "Stopping";
            default: return "Uninstalled";
        }
    }
}
