package io.kuberaf.api.runtime;

/** The outcome of {@link ContainerRuntime#execSync}: exit code and (truncated) output. */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut) {
}
