package io.kuberaf.runtime.docker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.kuberaf.runtime.docker.cfg}; every key is documented in that file. */
@ObjectClassDefinition(name = "Kuberaf Docker runtime", description = "The ContainerRuntime over the Docker Engine API")
public @interface DockerRuntimeConfig {

    @AttributeDefinition(description = "Path of dockerd's Unix socket")
    String socket_path() default "/var/run/docker.sock";

    @AttributeDefinition(description = "Docker bridge network the sandboxes join; created with the pod CIDR when absent")
    String network_name() default "kuberaf";

    @AttributeDefinition(description = "Pod CIDR used for the network until the kubelet passes the Node's spec.podCIDR")
    String network_podCidr() default "10.244.0.0/24";

    @AttributeDefinition(description = "Image of the sandbox (pause) container")
    String pause_image() default "kuberaf/pause:3.9";

    @AttributeDefinition(description = "Seconds a Docker API call may take (streams and pulls excepted)")
    long api_timeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds an image pull may take before it fails")
    long pull_timeoutSeconds() default 60;
}
