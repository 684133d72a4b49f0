package io.kuberaf.store.ignite;

import io.kuberaf.api.store.StoreException;
import io.kuberaf.api.store.WatchEvent;
import io.kuberaf.api.store.WatchListener;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

final class TestSupport {

    private static final List<Path> TEMP_DIRS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_DIRS.forEach(TestSupport::deleteTree)));
    }

    private TestSupport() {
    }

    static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** An in-memory single member on its own ports. */
    static StoreOptions memory(String name, int discoveryPort, int communicationPort) {
        StoreOptions o = new StoreOptions();
        o.instanceName = name;
        o.discoveryPort = discoveryPort;
        o.communicationPort = communicationPort;
        o.discoveryAddresses = "127.0.0.1:" + discoveryPort;
        o.persistenceEnabled = false;
        o.dataRegionSizeMb = 64;
        o.compactionIntervalSeconds = 0;
        o.failureDetectionTimeoutMs = 5000;
        try {
            o.storagePath = java.nio.file.Files.createTempDirectory("kuberaf-" + name);
            TEMP_DIRS.add(o.storagePath);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return o;
    }

    /** A persistent member storing under {@code dir}. */
    static StoreOptions persistent(String name, int discoveryPort, int communicationPort, Path dir) {
        StoreOptions o = memory(name, discoveryPort, communicationPort);
        o.persistenceEnabled = true;
        o.storagePath = dir;
        o.walMode = "FSYNC";
        o.walSegmentSizeMb = 4;
        o.walSegments = 4;
        o.baselineAutoAdjustTimeoutMs = 0;
        return o;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
    }

    /** Records the events of a watch. */
    static final class Recorder implements WatchListener {
        final List<WatchEvent> events = new CopyOnWriteArrayList<>();
        volatile StoreException closed;

        @Override
        public void onEvent(WatchEvent event) {
            events.add(event);
        }

        @Override
        public void onClose(StoreException cause) {
            closed = cause;
        }

        long lastRevision() {
            return events.isEmpty() ? 0 : events.get(events.size() - 1).revision();
        }
    }

    static void assertSameEvent(WatchEvent expected, WatchEvent actual) {
        assertEquals(expected.type(), actual.type(), "type at " + expected.revision());
        assertEquals(expected.revision(), actual.revision());
        assertEquals(expected.key(), actual.key(), "key at " + expected.revision());
        assertSameKv(expected.kv() == null ? null : expected.kv(), actual.kv());
        assertSameKv(expected.prevKv(), actual.prevKv());
    }

    static void assertSameKv(io.kuberaf.api.store.KeyValue expected, io.kuberaf.api.store.KeyValue actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertEquals(expected.key(), actual.key());
        assertEquals(expected.createRevision(), actual.createRevision(), "createRevision of " + expected.key());
        assertEquals(expected.modRevision(), actual.modRevision(), "modRevision of " + expected.key());
        assertEquals(expected.expiresAtMillis(), actual.expiresAtMillis(), "expiresAt of " + expected.key());
        assertArrayEquals(expected.value(), actual.value(), "value of " + expected.key());
    }

    /** A child JVM running {@link ChildWriter}, its "ACK key revision" lines collected. */
    static final class Child implements AutoCloseable {
        final Process process;
        final List<String[]> acks = new CopyOnWriteArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final File stderr;

        Child(Path workDir, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String opens = System.getProperty("kuberaf.test.opens", "");
            cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
            cmd.add("-DIGNITE_UPDATE_NOTIFIER=false");
            cmd.add("-DIGNITE_QUIET=true");
            cmd.add("-Xmx384m");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ChildWriter.class.getName());
            cmd.addAll(Arrays.asList(args));
            // Kept in target/ (not the test's temp dir) so a failure can be read afterwards.
            Path logs = Path.of(System.getProperty("user.dir"), "target", "child-logs");
            java.nio.file.Files.createDirectories(logs);
            stderr = logs.resolve(args[0] + "-" + System.currentTimeMillis() + ".err").toFile();
            process = new ProcessBuilder(cmd).redirectError(stderr).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        if (line.startsWith("ACK ")) {
                            acks.add(line.substring(4).split(" "));
                        }
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Fails the test with the end of the child's stderr if the child has died. */
        void checkAlive() {
            if (!process.isAlive()) {
                fail("child exited with " + process.exitValue() + ": " + stderrTail());
            }
        }

        String stderrTail() {
            try {
                List<String> all = java.nio.file.Files.readAllLines(stderr.toPath());
                return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
            } catch (IOException e) {
                return "(no stderr: " + e + ")";
            }
        }

        boolean said(String word) {
            return lines.contains(word);
        }

        void awaitAcks(int n, long timeoutMs) {
            await(n + " acknowledged writes from the child (stderr: " + stderr + ")", timeoutMs, () -> {
                if (acks.size() < n) {
                    checkAlive();
                }
                return acks.size() >= n;
            });
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
