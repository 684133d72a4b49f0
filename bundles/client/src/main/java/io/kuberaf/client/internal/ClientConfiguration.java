package io.kuberaf.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kuberaf API client",
        description = "How Kuberaf components reach the Kubernetes API")
public @interface ClientConfiguration {

    @AttributeDefinition(description = "kubeconfig file to read the server and credentials from; empty: use master.url")
    String kubeconfig() default "";

    @AttributeDefinition(description = "The apiserver's URL when no kubeconfig is given")
    String master_url() default "http://127.0.0.1:6443";

    @AttributeDefinition(description = "Milliseconds a request may take before it fails")
    int request_timeout_ms() default 30000;

    @AttributeDefinition(description = "Milliseconds between full resyncs of shared informers (0: never)")
    long informer_resync_ms() default 0;
}
