package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kuberaf.api.runtime.PodIdentity;
import io.kuberaf.api.runtime.PodLabels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Docker labels through which the runtime finds its sandboxes and containers again after a
 * restart. The kubelet's labels are set as they are (so {@code docker ps --filter label=...} works for
 * operators) and also kept, with the annotations, as JSON in one label each: that copy is what
 * {@code labels()} and {@code annotations()} return, untouched by labels the image brings.
 */
final class DockerLabels {

    static final String PREFIX = "io.kuberaf.docker.";
    static final String TYPE = PREFIX + "type";
    static final String TYPE_SANDBOX = "sandbox";
    static final String TYPE_CONTAINER = "container";
    static final String SANDBOX_ID = PREFIX + "sandbox.id";
    static final String POD_NAMESPACE = PREFIX + "pod.namespace";
    static final String POD_NAME = PREFIX + "pod.name";
    static final String POD_UID = PREFIX + "pod.uid";
    static final String POD_ATTEMPT = PREFIX + "pod.attempt";
    static final String CONTAINER_NAME = PREFIX + "container.name";
    static final String CONTAINER_ATTEMPT = PREFIX + "container.attempt";
    static final String LABELS = PREFIX + "labels";
    static final String ANNOTATIONS = PREFIX + "annotations";

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    DockerLabels(ObjectMapper json) {
        this.json = json;
    }

    Map<String, String> sandbox(PodIdentity pod, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> docker = common(pod, labels, annotations);
        docker.put(TYPE, TYPE_SANDBOX);
        return docker;
    }

    Map<String, String> container(PodIdentity pod, String sandboxId, String name, int attempt,
                                  Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> docker = common(pod, labels, annotations);
        docker.put(TYPE, TYPE_CONTAINER);
        docker.put(SANDBOX_ID, sandboxId);
        docker.put(CONTAINER_NAME, name);
        docker.put(CONTAINER_ATTEMPT, Integer.toString(attempt));
        docker.putIfAbsent(PodLabels.CONTAINER_NAME, name);
        return docker;
    }

    private Map<String, String> common(PodIdentity pod, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> docker = new LinkedHashMap<>(labels);
        docker.putIfAbsent(PodLabels.POD_NAMESPACE, pod.namespace());
        docker.putIfAbsent(PodLabels.POD_NAME, pod.name());
        docker.putIfAbsent(PodLabels.POD_UID, pod.uid());
        docker.put(POD_NAMESPACE, pod.namespace());
        docker.put(POD_NAME, pod.name());
        docker.put(POD_UID, pod.uid());
        docker.put(POD_ATTEMPT, Integer.toString(pod.attempt()));
        docker.put(LABELS, write(labels));
        docker.put(ANNOTATIONS, write(annotations));
        return docker;
    }

    /** The pod a sandbox or container was created for, from its Docker labels ({@code Config.Labels}). */
    static PodIdentity pod(JsonNode dockerLabels) {
        return new PodIdentity(dockerLabels.path(POD_NAMESPACE).asText(""), dockerLabels.path(POD_NAME).asText(""),
                dockerLabels.path(POD_UID).asText(""), dockerLabels.path(POD_ATTEMPT).asInt(0));
    }

    Map<String, String> labels(JsonNode dockerLabels) {
        return read(dockerLabels.path(LABELS).asText("{}"));
    }

    Map<String, String> annotations(JsonNode dockerLabels) {
        return read(dockerLabels.path(ANNOTATIONS).asText("{}"));
    }

    private String write(Map<String, String> map) {
        try {
            return json.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels cannot be written as JSON", e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
