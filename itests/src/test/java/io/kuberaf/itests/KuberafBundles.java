package io.kuberaf.itests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** What the running container says about Kuberaf's own bundles and their DS components. */
public final class KuberafBundles {

    public static final String PREFIX = "kuberaf-";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    public KuberafBundles(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    public List<Bundle> all() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(PREFIX))
                .collect(Collectors.toList());
    }

    public Bundle bySymbolicName(String symbolicName) {
        return all().stream().filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " in " + names(all())));
    }

    /** Null when every Kuberaf bundle is Active, else which ones are not. */
    public String notActive() {
        List<String> problems = all().stream()
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " is " + state(b))
                .collect(Collectors.toList());
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    /** Null when every enabled DS component of the given bundles is satisfied or active. */
    public String unsatisfiedComponents(Collection<Bundle> bundles) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundles.toArray(Bundle[]::new))) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                problems.add(description.name + " has no configuration (missing required config?)");
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add(description.name + " is " + componentState(configuration) + unsatisfiedReferences(configuration)
                            + (configuration.failure != null ? " failure: " + configuration.failure : ""));
                }
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    public String unsatisfiedComponents() {
        return unsatisfiedComponents(all());
    }

    public List<ComponentDescriptionDTO> components(Bundle bundle) {
        return new ArrayList<>(scr.getComponentDescriptionDTOs(bundle));
    }

    static String names(Collection<Bundle> bundles) {
        return bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", "));
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

    private static String componentState(ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "unsatisfied (configuration)";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "unsatisfied (reference)";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return "failed to activate";
            default: return "in state " + configuration.state;
        }
    }

    private static String unsatisfiedReferences(ComponentConfigurationDTO configuration) {
        if (configuration.unsatisfiedReferences == null || configuration.unsatisfiedReferences.length == 0) {
            return "";
        }
        return Arrays.stream(configuration.unsatisfiedReferences).map(r -> r.name + " (" + r.target + ")")
                .collect(Collectors.joining(", ", " missing ", ""));
    }
}
