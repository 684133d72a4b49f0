package io.kuberaf.api.runtime;

import java.util.List;

/** An interactive command: {@code command} empty means attach to the container's main process. */
public record ExecRequest(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    public ExecRequest {
        command = List.copyOf(command);
    }
}
