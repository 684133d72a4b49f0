package io.kuberaf.shell;

import io.kuberaf.api.store.ResourceStore;
import io.kuberaf.api.store.StoreStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import java.io.PrintStream;

/** {@code kuberaf:status}: store members and revision, and every Kuberaf bundle with its state and services. */
@Service
@Command(scope = "kuberaf", name = "status", description = "Shows the store, its members, and each Kuberaf bundle with its state and components")
public class StatusCommand implements Action {

    @Reference
    BundleContext context;

    @Reference(optional = true)
    ResourceStore store;

    @Override
    public Object execute() {
        print(System.out);
        return null;
    }

    void print(PrintStream out) {
        if (store == null) {
            out.println("Store:    not on this member (a worker: it reaches the cluster through the apiserver)");
        } else {
            StoreStatus status = store.status();
            out.printf("Store:    %s, revision %d, %d keys%n", status.implementation(), status.revision(), status.keys());
            out.printf("Members:  %d%n", status.members().size());
            status.members().forEach(member -> out.printf("  %s%n", member));
        }
        out.println("Bundles:");
        for (Bundle bundle : KuberafBundles.all(context.getBundles())) {
            out.printf("  %-4d %-32s %-10s %s%n", bundle.getBundleId(), bundle.getSymbolicName(), KuberafBundles.state(bundle), bundle.getVersion());
            ServiceReference<?>[] services = bundle.getRegisteredServices();
            if (services != null) {
                for (ServiceReference<?> service : services) {
                    Object component = service.getProperty("component.name");
                    String[] classes = (String[]) service.getProperty("objectClass");
                    out.printf("         %s%s%n", component == null ? "" : component + ": ", String.join(", ", classes));
                }
            }
        }
    }
}
