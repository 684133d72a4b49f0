package io.kuberaf.shell;

import io.kuberaf.api.runtime.ContainerRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code kuberaf:images [list | import <archive>]}: the images of this machine's container runtimes. */
@Service
@Command(scope = "kuberaf", name = "images",
        description = "Lists the images of this machine's container runtimes, or imports an image archive (docker save) into one")
public class ImagesCommand implements Action {

    @Argument(index = 0, name = "action", description = "list (the default) or import")
    @Completion(value = StringsCompleter.class, values = {"list", "import"})
    String action = "list";

    @Argument(index = 1, name = "archive", description = "With import: a tar or tar.gz written by docker save")
    @Completion(FileCompleter.class)
    String archive;

    @Option(name = "-r", aliases = "--runtime", description = "The container runtime (docker, simulated, ...); "
            + "default: every runtime for list, the only non-simulated one for import")
    String runtime;

    @Reference
    BundleContext context;

    @Override
    public Object execute() throws InvalidSyntaxException {
        Map<ServiceReference<ContainerRuntime>, ContainerRuntime> used = new HashMap<>();
        try {
            run(new NodeImages(runtimes(used)));
        } finally {
            used.keySet().forEach(context::ungetService);
        }
        return null;
    }

    private void run(NodeImages images) {
        switch (action) {
            case "list" -> System.out.print(images.list(runtime));
            case "import" -> {
                if (archive == null) {
                    throw new IllegalArgumentException("give the archive to import, e.g. kuberaf:images import busybox.tar");
                }
                System.out.print(images.importArchive(Path.of(archive).toAbsolutePath(), runtime));
            }
            default -> throw new IllegalArgumentException("unknown action \"" + action + "\"; use list or import");
        }
    }

    private Map<String, ContainerRuntime> runtimes(Map<ServiceReference<ContainerRuntime>, ContainerRuntime> used)
            throws InvalidSyntaxException {
        Map<String, ContainerRuntime> byName = new HashMap<>();
        for (ServiceReference<ContainerRuntime> ref : context.getServiceReferences(ContainerRuntime.class, null)) {
            Object name = ref.getProperty(ContainerRuntime.NAME_PROPERTY);
            ContainerRuntime service = context.getService(ref);
            if (service != null) {
                used.put(ref, service);
                if (name != null) {
                    byName.put(name.toString(), service);
                }
            }
        }
        return byName;
    }
}
