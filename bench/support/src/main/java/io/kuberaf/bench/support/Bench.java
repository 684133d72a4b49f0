package io.kuberaf.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** The runner's frame: {@code --name=value} options, usage, progress on stderr, exit status, the work dir. */
public final class Bench {

    private Bench() {
    }

    /**
     * {@code --name=value} (or {@code --name}, meaning "true") arguments in order; anything else ends the
     * JVM with the usage line and status 2, {@code --help} with the usage line and status 0.
     */
    public static Map<String, String> parse(String[] args, String usage) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                usage(usage, "unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            opts.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        if (opts.containsKey("help")) {
            usage(usage, null);
        }
        return opts;
    }

    /** Prints {@code error} (if any) and the usage line on stderr and ends the JVM: status 2 on error, else 0. */
    public static void usage(String usage, String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println(usage);
        System.exit(error == null ? 0 : 2);
    }

    public static int intOpt(Map<String, String> opts, String name, int def) {
        String v = opts.get(name);
        return v == null ? def : Integer.parseInt(v);
    }

    /**
     * Runs the benchmark and ends the JVM with its status (1 if it threw): Ignite, jetcd and the HTTP
     * clients leave non-daemon threads behind.
     */
    public static void runAndExit(Callable<Integer> benchmark) {
        int status;
        try {
            status = benchmark.call();
        } catch (Throwable e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** A progress line on stderr, prefixed with the time of day (stdout is the table only). */
    public static void progress(String s) {
        System.err.println(java.time.LocalTime.now().withNano(0) + " " + s);
    }

    /** Deletes {@code root} and everything below it, best effort. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
