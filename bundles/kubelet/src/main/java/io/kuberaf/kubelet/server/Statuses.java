package io.kuberaf.kubelet.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** The {@code kind: Status} bodies the kubelet answers with, as kube-apiserver and kubectl read them. */
final class Statuses {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Statuses() {
    }

    static ObjectNode success() {
        ObjectNode status = base();
        status.put("status", "Success");
        return status;
    }

    static ObjectNode failure(int code, String reason, String message) {
        ObjectNode status = base();
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    /** What kubectl exec turns into its own exit code. */
    static ObjectNode nonZeroExit(List<String> command, int exitCode) {
        ObjectNode status = base();
        status.put("status", "Failure");
        status.put("message", "command terminated with non-zero exit code: error executing command " + command
                + ", exit code " + exitCode);
        status.put("reason", "NonZeroExitCode");
        ObjectNode cause = status.putObject("details").putArray("causes").addObject();
        cause.put("reason", "ExitCode");
        cause.put("message", Integer.toString(exitCode));
        return status;
    }

    static byte[] bytes(ObjectNode status) {
        try {
            return MAPPER.writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode base() {
        ObjectNode status = MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        return status;
    }
}
