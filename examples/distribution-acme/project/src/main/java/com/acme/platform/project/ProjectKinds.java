package com.acme.platform.project;

import io.kuberaf.api.extension.KindProvider;
import org.osgi.service.component.annotations.Component;

import java.net.URL;
import java.util.List;

/** Publishes {@code projects.project.acme.io} to the apiserver for as long as this bundle runs. */
@Component(service = KindProvider.class)
public class ProjectKinds implements KindProvider {

    public static final String DEFINITION = "/kinds/projects.project.acme.io.yaml";

    @Override
    public List<URL> definitions() {
        return List.of(ProjectKinds.class.getResource(DEFINITION));
    }
}
