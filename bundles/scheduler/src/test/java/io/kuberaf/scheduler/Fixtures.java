package io.kuberaf.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kuberaf.scheduler.internal.NodeState;
import io.kuberaf.scheduler.internal.PodInfoImpl;

import java.util.Map;
import java.util.UUID;

/** Pods and nodes for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A Ready node with cpu (cores), memory (Gi) and 110 pods allocatable, labelled with its hostname. */
    public static NodeBuilder node(String name, String cpu, String memory) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                    .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                    .withCapacity(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus();
    }

    /** A pod with one container requesting cpu and memory (null: none). */
    public static PodBuilder pod(String name, String cpu, String memory) {
        PodBuilder builder = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec();
        if (cpu != null || memory != null) {
            Map<String, Quantity> requests = new java.util.HashMap<>();
            if (cpu != null) {
                requests.put("cpu", new Quantity(cpu));
            }
            if (memory != null) {
                requests.put("memory", new Quantity(memory));
            }
            builder.editSpec().editFirstContainer().withNewResources().withRequests(requests).endResources().endContainer().endSpec();
        }
        return builder;
    }

    public static PodInfoImpl info(Pod pod) {
        return new PodInfoImpl(pod);
    }

    public static NodeState state(Node node, Pod... pods) {
        NodeState state = new NodeState(node.getMetadata().getName());
        state.setNode(node);
        for (Pod pod : pods) {
            state.addPod(new PodInfoImpl(pod));
        }
        return state;
    }
}
