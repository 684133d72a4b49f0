package io.kuberaf.examples.hello;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The custom resource: {@code kind: Hello, apiVersion: hello.kuberaf.io/v1}. The plural is the CRD's:
 * without {@code @Plural} the client would guess "helloes".
 */
@Group("hello.kuberaf.io")
@Version("v1")
@Plural("hellos")
public class Hello extends CustomResource<HelloSpec, HelloStatus> implements Namespaced {
}
