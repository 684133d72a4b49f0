package io.kuberaf.controller.replication;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kuberaf ReplicaSet and ReplicationController controllers",
        description = "Keep the desired number of pods for every ReplicaSet and ReplicationController.")
public @interface ReplicationConfiguration {

    @AttributeDefinition(description = "Worker threads per kind (kube-controller-manager's --concurrent-replicaset-syncs).")
    int workers() default 5;

    @AttributeDefinition(description = "Most pods one sync creates or deletes (Kubernetes' burstReplicas).")
    int burst_replicas() default 500;

    @AttributeDefinition(description = "The Lease in kube-system that elects the one member running these controllers.")
    String lease_name() default "kuberaf-controller-replication";
}
