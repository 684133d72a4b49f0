package io.kuberaf.bench.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.kuberaf.bench.support.Ports;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * etcd as Kubernetes runs it: a single member of Debian's {@code etcd} with its default (durable)
 * settings, a fresh data dir, on loopback; driven through jetcd (gRPC), the way the Kubernetes
 * apiserver drives it through its Go client.
 */
final class EtcdBackend implements Backend {

    private final Process process;
    private final Client client;
    private final KV kv;
    private final String version;

    private EtcdBackend(Process process, Client client, String version) {
        this.process = process;
        this.client = client;
        this.kv = client.getKVClient();
        this.version = version;
    }

    /** The etcd executable: {@code path} if given, else the first {@code etcd} on PATH; null if there is none. */
    static Path find(String path) {
        if (path != null && !path.isBlank()) {
            Path p = Path.of(path);
            return Files.isExecutable(p) ? p : null;
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, "etcd");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** "3.4.23" from {@code etcd --version}. */
    static String version(Path etcd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(etcd.toString(), "--version").redirectErrorStream(true).start();
        String first = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (first == null && line.startsWith("etcd Version:")) {
                    first = line.substring("etcd Version:".length()).trim();
                }
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        return first != null ? first : "unknown";
    }

    /**
     * Starts etcd on free loopback ports with a data dir under {@code dir}; its PID goes to
     * {@code pidFile} (if given) so that the calling script can kill it should this JVM die.
     */
    static EtcdBackend start(Path etcd, Path dir, Path pidFile) throws Exception {
        String version = version(etcd);
        int clientPort = Ports.free();
        int peerPort = Ports.free();
        String clientUrl = "http://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        Path data = dir.resolve("data");
        Path logFile = dir.resolve("etcd.log");
        List<String> cmd = new ArrayList<>(Arrays.asList(etcd.toString(),
                "--name", "bench",
                "--data-dir", data.toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "bench=" + peerUrl,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", "kuberaf-bench"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        // Debian's package reads ETCD_* from /etc/default/etcd only through systemd; make sure no
        // inherited ETCD_* variable changes the settings behind our back.
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD_"));
        Process process = pb.start();
        if (pidFile != null) {
            Files.writeString(pidFile, process.pid() + "\n");
        }
        try {
            awaitHealthy(process, clientUrl, logFile, Duration.ofSeconds(30));
            Client client = Client.builder()
                    .endpoints(clientUrl)
                    .maxInboundMessageSize(256 * 1024 * 1024) // a 10,000 x 1 KiB list is 10+ MB; gRPC's default is 4 MB
                    .build();
            return new EtcdBackend(process, client, version);
        } catch (Exception e) {
            destroy(process);
            throw e;
        }
    }

    private static void awaitHealthy(Process process, String clientUrl, Path logFile, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with status " + process.exitValue() + " while starting; "
                        + "last lines of " + logFile + ":\n" + tail(logFile, 15));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("etcd did not become healthy within " + timeout.toSeconds() + " s (last: " + last
                + "); last lines of " + logFile + ":\n" + tail(logFile, 15));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String description() {
        return "etcd " + version + " (Debian etcd-server), separate process, 1 member, default durable settings "
                + "(WAL fsync before a write is acknowledged); jetcd 0.8.5 client over gRPC on 127.0.0.1, "
                + "linearizable reads";
    }

    private static ByteSequence bs(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void create(String key, byte[] value) throws Exception {
        kv.put(bs(key), ByteSequence.from(value)).get();
    }

    @Override
    public void put(String key, byte[] value) throws Exception {
        kv.put(bs(key), ByteSequence.from(value)).get();
    }

    @Override
    public byte[] get(String key) throws Exception {
        // jetcd's default is a linearizable read (serializable=false), as the apiserver's quorum reads.
        List<KeyValue> kvs = kv.get(bs(key)).get().getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().getBytes();
    }

    @Override
    public int list(String prefix) throws Exception {
        return kv.get(bs(prefix), GetOption.builder().isPrefix(true).build()).get().getKvs().size();
    }

    @Override
    public int listPaged(String prefix, int pageSize) throws Exception {
        // As the apiserver pages a list: range [start, prefixEnd) with a limit, every page after the
        // first at the first page's revision, the next page starting just after the last key.
        ByteSequence end = prefixEnd(prefix);
        GetResponse page = kv.get(bs(prefix), GetOption.builder().withRange(end).withLimit(pageSize).build()).get();
        long revision = page.getHeader().getRevision();
        int n = page.getKvs().size();
        while (page.isMore() && !page.getKvs().isEmpty()) {
            byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
            byte[] next = Arrays.copyOf(last, last.length + 1); // last key + "\0"
            page = kv.get(ByteSequence.from(next), GetOption.builder().withRange(end).withLimit(pageSize)
                    .withRevision(revision).build()).get();
            n += page.getKvs().size();
        }
        return n;
    }

    private static ByteSequence prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(Arrays.copyOf(end, i + 1));
            }
        }
        return ByteSequence.from(new byte[] {0}); // all keys
    }

    @Override
    public AutoCloseable watch(String prefix, Consumer<byte[]> values) {
        Watch.Watcher watcher = client.getWatchClient().watch(bs(prefix), WatchOption.builder().isPrefix(true).build(),
                Watch.listener(response -> {
                    for (WatchEvent e : response.getEvents()) {
                        if (e.getEventType() == WatchEvent.EventType.PUT) {
                            values.accept(e.getKeyValue().getValue().getBytes());
                        }
                    }
                }));
        return watcher::close;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            destroy(process);
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    static void destroy(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    Process process() {
        return process;
    }
}
