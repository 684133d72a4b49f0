package io.kuberaf.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a container is created with.
 *
 * @param name        the container's name in the pod spec
 * @param attempt     how many times this container was created before in this sandbox (restartCount)
 * @param image       the image reference as written in the pod spec
 * @param command     overrides the image's entrypoint when not empty
 * @param args        overrides the image's cmd when not empty
 * @param workingDir  null keeps the image's
 * @param env         environment variables, in order (later ones may refer to earlier ones: already expanded)
 * @param mounts      host paths mounted into the container
 * @param resources   limits the runtime enforces
 * @param stdin       keep stdin open (kubectl attach / run -i)
 * @param tty         allocate a terminal
 * @param labels      kept by the runtime, returned in {@link ContainerStatus#labels()}
 * @param annotations kept by the runtime, returned in {@link ContainerStatus#annotations()}
 */
public record ContainerConfig(String name, int attempt, String image, List<String> command,
                              List<String> args, String workingDir, List<EnvVar> env, List<Mount> mounts,
                              Resources resources, boolean stdin, boolean tty,
                              Map<String, String> labels, Map<String, String> annotations) {

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public record EnvVar(String name, String value) {
    }

    /** {@code hostPath} on the node appears at {@code containerPath}. */
    public record Mount(String containerPath, String hostPath, boolean readOnly) {
    }

    /**
     * Limits: {@code cpuMillis} (1000 = one core; 0 for none), {@code memoryBytes} (0 for none),
     * and the CPU request as a relative weight, {@code cpuRequestMillis} (0 for the default).
     */
    public record Resources(long cpuMillis, long cpuRequestMillis, long memoryBytes) {
        public static final Resources NONE = new Resources(0, 0, 0);
    }
}
