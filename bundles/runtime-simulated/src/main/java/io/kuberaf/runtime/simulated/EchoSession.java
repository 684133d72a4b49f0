package io.kuberaf.runtime.simulated;

import io.kuberaf.api.runtime.ExecSession;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A simulated interactive command: what is written to its stdin comes back on its stdout; exits 0 when closed. */
final class EchoSession implements ExecSession {

    private final PipedOutputStream stdin = new PipedOutputStream();
    private final PipedInputStream stdout;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    EchoSession() {
        try {
            stdout = new PipedInputStream(stdin, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public void resize(int columns, int rows) {
        // no terminal to resize
    }

    @Override
    public CompletionStage<Integer> exitCode() {
        return exit;
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // closing an in-memory pipe cannot fail in a way that matters
        }
        exit.complete(0);
    }
}
