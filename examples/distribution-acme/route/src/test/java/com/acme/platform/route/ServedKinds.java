package com.acme.platform.route;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kuberaf.client.testing.Await;

import java.net.URL;

/**
 * Serves the bundle's kinds in a test cluster: the definition {@link RouteKinds} publishes, created as a
 * CustomResourceDefinition object (the apiserver serves both the same way), once it is established.
 */
final class ServedKinds {

    private ServedKinds() {
    }

    static void serve(KubernetesClient client, URL definition) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(definition).item();
        client.resource(crd).create();
        Await.until(crd.getMetadata().getName() + " established", () -> {
            CustomResourceDefinition served = client.apiextensions().v1().customResourceDefinitions()
                    .withName(crd.getMetadata().getName()).get();
            return served != null && served.getStatus() != null && served.getStatus().getConditions().stream()
                    .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }
}
