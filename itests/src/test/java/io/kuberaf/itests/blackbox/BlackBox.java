package io.kuberaf.itests.blackbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a black-box instance off the default ports a developer's own Kuberaf uses. Each test class
 * passes its own slot (0, 1, 2 ...): ports, node name, Docker network and pod CIDRs differ per slot,
 * so that several black-box classes may run at once on one machine.
 */
final class BlackBox {

    private BlackBox() {
    }

    /** The apiserver's port in a slot (the distribution's own client is pointed at it). */
    static int apiPort(int slot) {
        return 6643 + slot;
    }

    /** The node of a slot's instance: its containers carry this name in the io.kuberaf.node.name label. */
    static String node(int slot) {
        return "kuberaf-blackbox-" + slot;
    }

    /** The prefix of the iptables chains of a slot's proxy: instances side by side keep their rules apart. */
    static String chainPrefix(int slot) {
        return "KUBERAFBB" + slot;
    }

    static KuberafInstance start(String name, int slot) throws Exception {
        return start(Path.of(System.getProperty("kuberaf.distribution")), name, slot);
    }

    /** As {@link #start(String, int)}, for another distribution built on Kuberaf (same etc/ files). */
    static KuberafInstance start(Path distribution, String name, int slot) throws Exception {
        int api = apiPort(slot);
        return KuberafInstance.start(distribution, Path.of("target", "blackbox", name), Map.of(
                "io.kuberaf.apiserver.cfg", List.of("port = " + api),
                "io.kuberaf.client.cfg", List.of("master.url = http://127.0.0.1:" + api),
                // Pods run on this machine's Docker, on a node, network and pod CIDR of the slot's own;
                // nothing is pulled from a registry outside the machine.
                "io.kuberaf.kubelet.cfg", List.of("node.name = " + node(slot), "port = " + (10450 + slot)),
                "io.kuberaf.dns.cfg", List.of("node.name = " + node(slot)),
                "io.kuberaf.runtime.docker.cfg", List.of("pull.allowedRegistries = 127.0.0.1",
                        "network.name = kuberaf-blackbox-" + slot),
                "io.kuberaf.proxy.cfg", List.of("node.name = " + node(slot), "chain.prefix = " + chainPrefix(slot)),
                "io.kuberaf.controller.node.cfg", List.of("cluster.cidr = 10." + (200 + slot) + ".0.0/16"),
                "io.kuberaf.store.ignite.cfg", List.of("discoveryPort = " + (47700 + 10 * slot),
                        "discoveryAddresses = 127.0.0.1:" + (47700 + 10 * slot) + ".." + (47709 + 10 * slot),
                        "communicationPort = " + (47300 + 10 * slot)),
                "org.apache.karaf.shell.cfg", List.of("sshPort = " + (8102 + slot)),
                "org.apache.karaf.management.cfg", List.of("rmiRegistryPort = " + (1100 + slot),
                        "rmiServerPort = " + (44445 + slot))));
    }

    static Path seedExample(String file) {
        return Path.of(System.getProperty("kuberaf.seed.examples")).resolve(file);
    }

    /** Polls {@code probe} every half second until its output passes {@code done}; fails with the last output seen. */
    static String awaitOutput(java.time.Duration timeout, java.util.function.Supplier<String> probe,
                              java.util.function.Predicate<String> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s; last seen:\n" + last);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
            last = probe.get();
        }
        return last;
    }
}
