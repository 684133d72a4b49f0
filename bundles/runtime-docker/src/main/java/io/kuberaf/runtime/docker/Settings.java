package io.kuberaf.runtime.docker;

import java.nio.file.Path;
import java.time.Duration;

/** The runtime's configuration as plain values (tests build it directly). */
record Settings(Path socket, String networkName, String podCidr, String pauseImage, Duration apiTimeout,
                Duration pullTimeout) {

    static Settings from(DockerRuntimeConfig config) {
        return new Settings(Path.of(config.socket_path()), config.network_name(), config.network_podCidr(),
                config.pause_image(), Duration.ofSeconds(config.api_timeoutSeconds()),
                Duration.ofSeconds(config.pull_timeoutSeconds()));
    }
}
