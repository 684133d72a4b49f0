package io.kuberaf.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kuberaf:controllers [list|stop|start|update NAME]}: the controller and scheduler bundles
 * (kuberaf-controller-*, kuberaf-scheduler*), which may be stopped, started and updated while the
 * cluster runs; NAME is the symbolic name or its part after "kuberaf-controller-".
 */
@Service
@Command(scope = "kuberaf", name = "controllers", description = "Lists, stops, starts or updates the controller and scheduler bundles")
public class ControllersCommand implements Action {

    @Reference(optional = true)
    Session session;

    @Reference
    BundleContext context;

    @Argument(index = 0, name = "action", description = "list (default), stop, start or update")
    String action = "list";

    @Argument(index = 1, name = "name", description = "The controller: e.g. replication, or kuberaf-controller-replication")
    String name;

    @Override
    public Object execute() {
        // bin/client "command" drops the error stream: errors go to the console, as Karaf's own do.
        run(System.out, session != null ? session.getConsole() : System.err);
        return null;
    }

    void run(PrintStream out, PrintStream err) {
        List<Bundle> controllers = new ArrayList<>();
        for (Bundle bundle : KuberafBundles.all(context.getBundles())) {
            if (KuberafBundles.isController(bundle)) {
                controllers.add(bundle);
            }
        }
        if (action.equals("list")) {
            if (controllers.isEmpty()) {
                out.println("No controller bundles installed (feature:install kuberaf-control-plane)");
            }
            controllers.forEach(bundle -> out.printf("%-4d %-40s %-10s %s%n", bundle.getBundleId(), bundle.getSymbolicName(), KuberafBundles.state(bundle), bundle.getVersion()));
            return;
        }
        if (name == null) {
            err.println("error: which controller? kuberaf:controllers " + action + " NAME (see kuberaf:controllers list)");
            return;
        }
        Bundle bundle = find(controllers);
        if (bundle == null) {
            err.println("error: no controller bundle named \"" + name + "\" (see kuberaf:controllers list)");
            return;
        }
        try {
            switch (action) {
                case "stop": bundle.stop(); break;
                case "start": bundle.start(); break;
                case "update": bundle.update(); break;
                default:
                    err.println("error: unknown action \"" + action + "\": list, stop, start or update");
                    return;
            }
            out.printf("%s %s: %s%n", bundle.getSymbolicName(), action.equals("stop") ? "stopped" : action.equals("start") ? "started" : "updated", KuberafBundles.state(bundle));
        } catch (BundleException | IllegalStateException e) {
            err.println("error: could not " + action + " " + bundle.getSymbolicName() + ": " + e.getMessage());
        }
    }

    private Bundle find(List<Bundle> controllers) {
        for (Bundle bundle : controllers) {
            String symbolic = bundle.getSymbolicName();
            if (symbolic.equals(name) || symbolic.equals("kuberaf-controller-" + name) || symbolic.equals("kuberaf-" + name)) {
                return bundle;
            }
        }
        return null;
    }
}
