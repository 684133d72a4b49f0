package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.ContainerStatus;
import io.kuberaf.api.runtime.SandboxStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/** Turns {@code GET /containers/{id}/json} answers into the SPI's statuses. */
final class Inspections {

    private final DockerLabels labels;

    Inspections(DockerLabels labels) {
        this.labels = labels;
    }

    static boolean isSandbox(JsonNode inspect) {
        return DockerLabels.TYPE_SANDBOX.equals(dockerLabels(inspect).path(DockerLabels.TYPE).asText());
    }

    static boolean isContainer(JsonNode inspect) {
        return DockerLabels.TYPE_CONTAINER.equals(dockerLabels(inspect).path(DockerLabels.TYPE).asText());
    }

    static JsonNode dockerLabels(JsonNode inspect) {
        return inspect.path("Config").path("Labels");
    }

    SandboxStatus sandbox(JsonNode inspect) {
        JsonNode docker = dockerLabels(inspect);
        boolean running = inspect.path("State").path("Running").asBoolean(false);
        return new SandboxStatus(inspect.path("Id").asText(), DockerLabels.pod(docker),
                running ? SandboxStatus.State.READY : SandboxStatus.State.NOTREADY,
                time(inspect.path("Created").asText(null)), running ? ip(inspect) : null,
                labels.labels(docker), labels.annotations(docker));
    }

    ContainerStatus container(JsonNode inspect) {
        JsonNode docker = dockerLabels(inspect);
        JsonNode state = inspect.path("State");
        ContainerStatus.State mapped = state(state.path("Status").asText(""));
        int exitCode = state.path("ExitCode").asInt(0);
        boolean exited = mapped == ContainerStatus.State.EXITED;
        String error = state.path("Error").asText("");
        return new ContainerStatus(inspect.path("Id").asText(), docker.path(DockerLabels.SANDBOX_ID).asText(null),
                docker.path(DockerLabels.CONTAINER_NAME).asText(""), docker.path(DockerLabels.CONTAINER_ATTEMPT).asInt(0),
                mapped, inspect.path("Config").path("Image").asText(""), inspect.path("Image").asText(""),
                time(inspect.path("Created").asText(null)), time(state.path("StartedAt").asText(null)),
                exited ? time(state.path("FinishedAt").asText(null)) : null, exited ? exitCode : 0,
                exited ? reason(state, exitCode) : null, error.isEmpty() ? null : error,
                labels.labels(docker), labels.annotations(docker));
    }

    static ContainerStatus.State state(String dockerStatus) {
        return switch (dockerStatus) {
            case "created" -> ContainerStatus.State.CREATED;
            case "running", "paused", "restarting" -> ContainerStatus.State.RUNNING;
            case "exited", "dead", "removing" -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    private static String reason(JsonNode state, int exitCode) {
        if (state.path("OOMKilled").asBoolean(false)) {
            return "OOMKilled";
        }
        return exitCode == 0 ? "Completed" : "Error";
    }

    /** The address on the pod network; null in the host's network namespace. */
    static String ip(JsonNode inspect) {
        Iterator<JsonNode> networks = inspect.path("NetworkSettings").path("Networks").elements();
        while (networks.hasNext()) {
            String ip = networks.next().path("IPAddress").asText("");
            if (!ip.isEmpty()) {
                return ip;
            }
        }
        return null;
    }

    static boolean hostNetwork(JsonNode inspect) {
        return "host".equals(inspect.path("HostConfig").path("NetworkMode").asText());
    }

    /** Docker writes "0001-01-01T00:00:00Z" for "never". */
    static Instant time(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
