package io.kuberaf.itests.blackbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kuberaf distribution as a user runs it: unpacked from its tar.gz, started with
 * {@code bin/start}, driven from outside with the real kubectl, stopped with {@code bin/stop}.
 */
public final class KuberafInstance implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String serverUrl;

    private KuberafInstance(Path home) {
        this.home = home;
    }

    /**
     * Unpacks the distribution under {@code workDir} and starts it.
     *
     * @param settings extra lines per configuration file name in etc/, e.g.
     *                 {@code "io.kuberaf.apiserver.cfg" -> ["port = 0"]}
     */
    public static KuberafInstance start(Path workDir, Map<String, List<String>> settings) throws Exception {
        return start(Path.of(System.getProperty("kuberaf.distribution")), workDir, settings);
    }

    /** As {@link #start(Path, Map)}, for another distribution built on Kuberaf (a vendor's tar.gz). */
    public static KuberafInstance start(Path distribution, Path workDir, Map<String, List<String>> settings) throws Exception {
        Path tarGz = distribution.toAbsolutePath();
        workDir = workDir.toAbsolutePath();
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        run(workDir, Duration.ofMinutes(2), "tar", "xzf", tarGz.toString(), "-C", workDir.toString());
        Path home;
        try (var entries = Files.list(workDir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        for (Map.Entry<String, List<String>> file : settings.entrySet()) {
            Path cfg = home.resolve("etc").resolve(file.getKey());
            Files.writeString(cfg, "\n" + String.join("\n", file.getValue()) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        KuberafInstance instance = new KuberafInstance(home);
        run(home, Duration.ofMinutes(1), home.resolve("bin/start").toString());
        instance.awaitApiServer();
        return instance;
    }

    private void awaitApiServer() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path kubeconfig = kubeconfig();
        while (System.nanoTime() < deadline) {
            if (Files.exists(kubeconfig)) {
                serverUrl = serverOf(Files.readString(kubeconfig));
                if (ready()) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Kuberaf did not serve the API within " + START_TIMEOUT.toSeconds() + " s; log:\n" + logTail());
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String serverOf(String kubeconfig) {
        Matcher m = Pattern.compile("server: (\\S+)").matcher(kubeconfig);
        if (!m.find()) {
            throw new AssertionError("no server in kubeconfig:\n" + kubeconfig);
        }
        return m.group(1);
    }

    public Path home() {
        return home;
    }

    public Path kubeconfig() {
        return home.resolve("data/kubeconfig");
    }

    public String serverUrl() {
        return serverUrl;
    }

    /** Runs the kubectl on PATH (or {@code kubectl.1.NN} beside it) against this instance. */
    public Result kubectl(String... args) {
        return kubectlVersion("kubectl", null, args);
    }

    public Result kubectlWithInput(String input, String... args) {
        return kubectlVersion("kubectl", input, args);
    }

    public Result kubectlVersion(String binary, String input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        return exec(command, input, Duration.ofMinutes(2));
    }

    /**
     * Another kubectl version, e.g. "kubectl.1.27": they lie beside the kubectl on PATH (in the
     * google-cloud-cli bin folder the PATH entry links to).
     */
    public static String kubectlBeside(String name) {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path kubectl = Path.of(dir, "kubectl");
            if (Files.isExecutable(kubectl)) {
                try {
                    Path beside = kubectl.toRealPath().getParent().resolve(name);
                    if (Files.isExecutable(beside)) {
                        return beside.toString();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError(name + " not found beside the kubectl on PATH");
    }

    /** Any command (docker, curl ...) with this instance's KUBECONFIG in its environment. */
    public Result command(String... command) {
        return exec(List.of(command), null, Duration.ofMinutes(2));
    }

    /**
     * A console command through bin/client. Its input stays open until it exits (Karaf 4.4's client quits
     * at end of input), and the "JAVA_HOME not set" line it prints on stdout is left out.
     */
    public Result client(String consoleCommand) {
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), consoleCommand)
                    .directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/client \"" + consoleCommand + "\" did not finish");
            }
            process.getOutputStream().close();
            String text = new String(output, StandardCharsets.UTF_8).replace(JAVA_HOME_WARNING, "");
            return new Result(process.exitValue(), text, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * An interactive console session through bin/client (no command): what a user sees on logging in
     * (the welcome banner, the prompt), then {@code input} typed line by line. Its input stays open until
     * the session ends, so {@code input} should end the session (e.g. with "logout").
     */
    public Result console(String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString())
                    .directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/client (console) did not finish");
            }
            process.getOutputStream().close();
            String text = new String(output, StandardCharsets.UTF_8).replace(JAVA_HOME_WARNING, "");
            return new Result(process.exitValue(), text, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static final String JAVA_HOME_WARNING = "client: JAVA_HOME not set; results may vary\n";

    private Result exec(List<String> command, String input, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            builder.environment().put("KUBECONFIG", kubeconfig().toString());
            Path out = Files.createTempFile("kuberaf-out", ".txt");
            Path err = Files.createTempFile("kuberaf-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Karaf and waits for its JVM to end (killing it, by its own PID file, if it does not). */
    @Override
    public void close() throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        Long pid = Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).trim()) : null;
        run(home, Duration.ofMinutes(1), home.resolve("bin/stop").toString());
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(process -> {
                try {
                    process.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            });
        }
        removeContainersOfItsNode();
    }

    /**
     * The kubelet adopts containers across restarts, so stopping Kuberaf leaves its pods' containers
     * running, as a real node would: a test instance removes those of its node from Docker.
     */
    private void removeContainersOfItsNode() throws Exception {
        Path kubeletCfg = home.resolve("etc/io.kuberaf.kubelet.cfg");
        if (!Files.exists(kubeletCfg)) {
            return;
        }
        String node = Files.readAllLines(kubeletCfg).stream().map(String::trim)
                .filter(line -> line.startsWith("node.name") && line.contains("="))
                .map(line -> line.substring(line.indexOf('=') + 1).trim())
                .reduce((first, last) -> last).orElse("");
        if (node.isEmpty()) {
            return;
        }
        run(home, Duration.ofMinutes(2), "bash", "-c",
                "ids=$(docker ps -aq --filter label=io.kuberaf.node.name=$0 2>/dev/null); "
                        + "[ -z \"$ids\" ] || docker rm -f $ids >/dev/null", node);
    }

    /** Exit code and output of one command. */
    public record Result(int exitCode, String stdout, String stderr) {

        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }

        public Result assertFailure() {
            if (exitCode == 0) {
                throw new AssertionError("expected a failure\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    private static void run(Path dir, Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + process.exitValue());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
