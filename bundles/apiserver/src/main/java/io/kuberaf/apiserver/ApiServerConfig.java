package io.kuberaf.apiserver;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.kuberaf.apiserver.cfg}; every key is documented in that file. */
@ObjectClassDefinition(name = "Kuberaf API server", description = "The Kubernetes REST API")
public @interface ApiServerConfig {

    @AttributeDefinition(description = "Address to listen on; 127.0.0.1 until TLS and authentication land")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Port to listen on")
    int port() default 6443;

    @AttributeDefinition(description = "Where to write the kubeconfig for kubectl and fabric8; empty for ${karaf.data}/kubeconfig")
    String kubeconfig_path() default "";

    @AttributeDefinition(description = "How many recent changes the watch cache keeps for watches that resume")
    int watchCache_size() default 10000;

    @AttributeDefinition(description = "Seconds between BOOKMARK events on watches that allow them")
    long watch_bookmarkIntervalSeconds() default 60;

    @AttributeDefinition(description = "Seconds Events live before the store deletes them")
    long event_ttlSeconds() default 3600;

    @AttributeDefinition(description = "IPv4 CIDR that services' cluster IPs come from; its first address is the kubernetes service's")
    String service_clusterIPRange() default "10.96.0.0/12";

    @AttributeDefinition(description = "Ports that NodePort and LoadBalancer services' node ports come from")
    String service_nodePortRange() default "30000-32767";
}
