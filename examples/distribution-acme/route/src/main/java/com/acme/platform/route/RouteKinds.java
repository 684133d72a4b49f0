package com.acme.platform.route;

import io.kuberaf.api.extension.KindProvider;
import org.osgi.service.component.annotations.Component;

import java.net.URL;
import java.util.List;

/** Publishes {@code routes.route.acme.io} to the apiserver for as long as this bundle runs. */
@Component(service = KindProvider.class)
public class RouteKinds implements KindProvider {

    public static final String DEFINITION = "/kinds/routes.route.acme.io.yaml";

    @Override
    public List<URL> definitions() {
        return List.of(RouteKinds.class.getResource(DEFINITION));
    }
}
