package io.kuberaf.shell.kubectl;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs a kubectl: command object, and the real kubectl, against the same cluster; normalizes ages. */
final class Shell {

    private static final Pattern AGE = Pattern.compile("(?<=\\s|^)(<invalid>|\\d+(s|m|h|d|y)(\\d+(s|m|h|d))?)(?=\\s|$)", Pattern.MULTILINE);

    record Result(String out, String err) {
        String both() {
            return out + err;
        }
    }

    private final KubernetesClient client;
    private final Path kubeconfig;

    Shell(KubernetesClient client, Path kubeconfig) {
        this.client = client;
        this.kubeconfig = kubeconfig;
    }

    Result run(KubectlCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.withStreams(client, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        command.execute();
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        return new Result(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Ages ("5s", "2m3s", "x3 over 4m") differ by the second between two runs: they are masked. */
    static String masked(String text) {
        return AGE.matcher(text).replaceAll("AGE");
    }
}
