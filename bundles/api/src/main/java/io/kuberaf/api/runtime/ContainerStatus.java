package io.kuberaf.api.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime sees it now.
 *
 * @param imageRef   the image's digest or id, for containerStatuses[].imageID
 * @param exitCode   set when EXITED
 * @param reason     why it exited, when the runtime knows ("OOMKilled", "Error", "Completed")
 * @param startedAt  null until started
 * @param finishedAt null until exited
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, State state,
                              String image, String imageRef, Instant createdAt, Instant startedAt,
                              Instant finishedAt, int exitCode, String reason, String message,
                              Map<String, String> labels, Map<String, String> annotations) {

    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

    public boolean running() {
        return state == State.RUNNING;
    }
}
