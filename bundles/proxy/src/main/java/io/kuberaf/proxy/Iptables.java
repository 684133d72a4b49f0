package io.kuberaf.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs iptables, iptables-save, iptables-restore and sysctl, optionally inside a network namespace
 * ({@code ip netns exec <ns>}: the tests use their own namespace so that the host's tables stay as
 * they are).
 */
final class Iptables {

    private static final long TIMEOUT_SECONDS = 30;

    private final List<String> prefix;

    /** Commands run in the namespace {@code netns}, or on the host when it is null or empty. */
    Iptables(String netns) {
        this.prefix = netns == null || netns.isEmpty() ? List.of() : List.of("ip", "netns", "exec", netns);
    }

    String save(String table) {
        return run(null, "iptables-save", "-t", table).requireSuccess();
    }

    void restore(String input) {
        run(input, "iptables-restore", "--noflush", "-w", "5").requireSuccess();
    }

    boolean exists(Chains.Jump jump) {
        return run(null, jumpCommand("-C", jump)).exitCode() == 0;
    }

    void insert(Chains.Jump jump) {
        run(null, jumpCommand("-I", jump)).requireSuccess();
    }

    void delete(Chains.Jump jump) {
        run(null, jumpCommand("-D", jump)).requireSuccess();
    }

    /** A sysctl's value, or null when it does not exist (e.g. a missing interface). */
    String sysctl(String key) {
        Result result = run(null, "sysctl", "-n", key);
        return result.exitCode() == 0 ? result.stdout().trim() : null;
    }

    void setSysctl(String key, String value) {
        run(null, "sysctl", "-q", "-w", key + "=" + value).requireSuccess();
    }

    /** Lines of {@code ip -o -4 addr show}: "index: name inet a.b.c.d/len ...". */
    String addresses() {
        return run(null, "ip", "-o", "-4", "addr", "show").requireSuccess();
    }

    private String[] jumpCommand(String action, Chains.Jump jump) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "5", "-t", jump.table(), action, jump.builtin()));
        if ("-I".equals(action)) {
            command.add("1");
        }
        command.addAll(jump.ruleArgs());
        return command.toArray(String[]::new);
    }

    Result run(String stdin, String... command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IptablesException(String.join(" ", full) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(String.join(" ", full), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IptablesException("cannot run " + String.join(" ", full) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IptablesException("interrupted while running " + String.join(" ", full), e);
        }
    }

    /** Read on a thread of its own: the common pool may have a single thread on a small machine. */
    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "kuberaf-proxy-exec-reader");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    record Result(String command, int exitCode, String stdout, String stderr) {

        String requireSuccess() {
            if (exitCode != 0) {
                throw new IptablesException(command + " failed (exit " + exitCode + "): " + stderr.trim());
            }
            return stdout;
        }
    }

    static final class IptablesException extends RuntimeException {

        IptablesException(String message) {
            super(message);
        }

        IptablesException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
