package io.kuberaf.controller.deployment;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kuberaf Deployment controller",
        description = "Rolls Deployments out through ReplicaSets.")
public @interface DeploymentConfiguration {

    @AttributeDefinition(description = "Worker threads (kube-controller-manager's --concurrent-deployment-syncs).")
    int workers() default 5;

    @AttributeDefinition(description = "The Lease in kube-system that elects the one member running this controller.")
    String lease_name() default "kuberaf-controller-deployment";
}
