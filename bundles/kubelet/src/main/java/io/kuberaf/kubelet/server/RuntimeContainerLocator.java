package io.kuberaf.kubelet.server;

import io.kuberaf.api.runtime.ContainerRuntime;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.PodLabels;
import io.kuberaf.api.runtime.SandboxStatus;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds containers and sandboxes by the {@link PodLabels} the kubelet gives them, asking the runtime
 * each time (streaming requests are rare; the runtime is the truth). Objects labelled for another node
 * (one runtime serving several hollow kubelets) are not this node's.
 */
public final class RuntimeContainerLocator implements ContainerLocator {

    private static final Comparator<ContainerStatus> NEWEST_FIRST = Comparator
            .comparingInt(ContainerStatus::attempt)
            .thenComparing(c -> orEpoch(c.createdAt()))
            .reversed();

    private final ContainerRuntime runtime;
    private final String nodeName;

    public RuntimeContainerLocator(ContainerRuntime runtime, String nodeName) {
        this.runtime = runtime;
        this.nodeName = nodeName;
    }

    @Override
    public Optional<String> container(String namespace, String pod, String container, boolean previous) {
        List<ContainerStatus> matching = runtime.listContainers(null).stream()
                .filter(c -> ofPod(c.labels(), namespace, pod))
                .filter(c -> container.equals(c.labels().get(PodLabels.CONTAINER_NAME)))
                .sorted(NEWEST_FIRST)
                .toList();
        int index = previous ? 1 : 0;
        return matching.size() > index ? Optional.of(matching.get(index).id()) : Optional.empty();
    }

    @Override
    public Optional<String> sandbox(String namespace, String pod) {
        return runtime.listPodSandboxes().stream()
                .filter(s -> s.pod().namespace().equals(namespace) && s.pod().name().equals(pod))
                .filter(s -> onThisNode(s.labels()))
                .max(Comparator.comparing(SandboxStatus::ready).thenComparing(s -> orEpoch(s.createdAt())))
                .map(SandboxStatus::id);
    }

    private boolean ofPod(Map<String, String> labels, String namespace, String pod) {
        return namespace.equals(labels.get(PodLabels.POD_NAMESPACE)) && pod.equals(labels.get(PodLabels.POD_NAME))
                && onThisNode(labels);
    }

    private boolean onThisNode(Map<String, String> labels) {
        String node = labels.get(PodLabels.NODE_NAME);
        return node == null || node.equals(nodeName);
    }

    private static Instant orEpoch(Instant instant) {
        return instant == null ? Instant.EPOCH : instant;
    }
}
