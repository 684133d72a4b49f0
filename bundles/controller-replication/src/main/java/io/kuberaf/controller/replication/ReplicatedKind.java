package io.kuberaf.controller.replication;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/**
 * What differs between a ReplicaSet (apps/v1, LabelSelector) and a ReplicationController (v1, map
 * selector): everything else the {@link ReplicaReconciler} does the same way for both.
 */
interface ReplicatedKind<T extends HasMetadata> {

    Class<T> type();

    String kind();

    String apiVersion();

    /** The name of the controller (queue, logs, events' source component). */
    String controllerName();

    int replicas(T owner);

    int minReadySeconds(T owner);

    /** Whether the owner's selector selects these labels (an empty selector selects nothing). */
    boolean selects(T owner, Map<String, String> labels);

    PodTemplateSpec template(T owner);

    ReplicaStatus status(T owner);

    /** Writes {@code status} through the status subresource (a stale owner fails with 409). */
    void writeStatus(KubernetesClient client, T owner, ReplicaStatus status);
}
