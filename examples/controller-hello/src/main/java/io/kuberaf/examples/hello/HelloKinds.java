package io.kuberaf.examples.hello;

import io.kuberaf.api.extension.KindProvider;
import org.osgi.service.component.annotations.Component;

import java.net.URL;
import java.util.List;

/** Publishes the Hello kind: Kuberaf serves it while this bundle runs (on Kubernetes, apply the same file). */
@Component
public class HelloKinds implements KindProvider {

    @Override
    public List<URL> definitions() {
        return List.of(HelloKinds.class.getResource("/kinds/hellos.hello.kuberaf.io.yaml"));
    }
}
