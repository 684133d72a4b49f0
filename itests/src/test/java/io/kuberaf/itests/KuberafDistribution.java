package io.kuberaf.itests;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

/**
 * Pax Exam options that boot the assembled Kuberaf distribution (karaf-assembly/target/*.tar.gz)
 * exactly as a user gets it: its boot features, its etc/, its JVM options.
 */
public final class KuberafDistribution {

    /** The apiserver's port in the tests (the in-container client is pointed at it). */
    public static final int API_PORT = 6543;

    /** The distribution's own node in the tests (its kubelet runs pods on the simulated runtime). */
    public static final String NODE = "kuberaf-itest";

    private KuberafDistribution() {
    }

    public static Option[] options(Option... extra) {
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution().toUri().toString())
                        .name("Kuberaf")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                vmOptions(jvmOptions()),
                systemTimeout(180_000),
                // The probe's own bundles (Pax Exam) come from the build's local repository.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
                // Off the default ports, so a developer's own Kuberaf can keep running beside the tests.
                editConfigurationFilePut("etc/io.kuberaf.store.ignite.cfg", "discoveryPort", "47800"),
                editConfigurationFilePut("etc/io.kuberaf.store.ignite.cfg", "discoveryAddresses", "127.0.0.1:47800..47809"),
                editConfigurationFilePut("etc/io.kuberaf.store.ignite.cfg", "communicationPort", "47400"),
                editConfigurationFilePut("etc/io.kuberaf.apiserver.cfg", "port", String.valueOf(API_PORT)),
                editConfigurationFilePut("etc/io.kuberaf.client.cfg", "master.url", "http://127.0.0.1:" + API_PORT),
                // Pods run on the simulated runtime here (the black-box tests run them on Docker), and no
                // image is ever pulled from a registry outside this machine.
                editConfigurationFilePut("etc/io.kuberaf.kubelet.cfg", "runtime.target", "(runtime.name=simulated)"),
                editConfigurationFilePut("etc/io.kuberaf.kubelet.cfg", "node.name", NODE),
                editConfigurationFilePut("etc/io.kuberaf.kubelet.cfg", "port", "10350"),
                editConfigurationFilePut("etc/io.kuberaf.runtime.docker.cfg", "pull.allowedRegistries", "127.0.0.1"),
                editConfigurationFilePut("etc/io.kuberaf.runtime.docker.cfg", "network.name", "kuberaf-itest")));
        if (Boolean.getBoolean("kuberaf.keepRuntime")) {
            // -Dkuberaf.keepRuntime=true keeps target/exam/<uuid> (logs, data) for a post-mortem.
            options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    static Path distribution() {
        Path tarGz = Path.of(required("kuberaf.distribution"));
        if (!Files.isRegularFile(tarGz)) {
            throw new IllegalStateException("Kuberaf distribution not built: " + tarGz + " (run the build from the top folder)");
        }
        return tarGz;
    }

    /** The same etc/jvm.options file that the distribution's bin/setenv reads. */
    static String[] jvmOptions() {
        try {
            return Files.readAllLines(Path.of(required("kuberaf.jvm.options"))).stream()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }
}
