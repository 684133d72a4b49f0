package io.kuberaf.shell.kubectl.completers;

import io.kuberaf.shell.kubectl.Api;
import io.kuberaf.shell.kubectl.ResourceTypes;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.List;

/** Completes resource types only (plural names, short names, name.group), from discovery. */
@Service
public class ResourceTypeCompleter extends ClientCompleter {

    @Override
    List<String> candidates(List<String> before, Api api) {
        return typeNames(ResourceTypes.discover(api));
    }
}
