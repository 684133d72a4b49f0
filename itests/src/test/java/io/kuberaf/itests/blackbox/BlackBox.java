package io.kuberaf.itests.blackbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Settings that keep a black-box instance off the default ports a developer's own Kuberaf uses. */
final class BlackBox {

    /** The apiserver's port in black-box runs (the distribution's own client is pointed at it). */
    static final int API_PORT = 6643;

    private BlackBox() {
    }

    static KuberafInstance start(String name) throws Exception {
        return KuberafInstance.start(Path.of("target", "blackbox", name), Map.of(
                "io.kuberaf.apiserver.cfg", List.of("port = " + API_PORT),
                "io.kuberaf.client.cfg", List.of("master.url = http://127.0.0.1:" + API_PORT),
                "io.kuberaf.store.ignite.cfg", List.of("discoveryPort = 47700",
                        "discoveryAddresses = 127.0.0.1:47700..47709", "communicationPort = 47300"),
                "org.apache.karaf.shell.cfg", List.of("sshPort = 8102"),
                "org.apache.karaf.management.cfg", List.of("rmiRegistryPort = 1100", "rmiServerPort = 44445")));
    }

    static Path seedExample(String file) {
        return Path.of(System.getProperty("kuberaf.seed.examples")).resolve(file);
    }
}
