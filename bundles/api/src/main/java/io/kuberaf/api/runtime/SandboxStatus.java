package io.kuberaf.api.runtime;

import java.time.Instant;
import java.util.Map;

/** A sandbox as the runtime sees it now. {@code ip} is null when it has none (host network, stopped). */
public record SandboxStatus(String id, PodIdentity pod, State state, Instant createdAt, String ip,
                            Map<String, String> labels, Map<String, String> annotations) {

    public SandboxStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public enum State { READY, NOTREADY }

    public boolean ready() {
        return state == State.READY;
    }
}
