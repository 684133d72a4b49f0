package io.kuberaf.runtime.docker;

import io.kuberaf.api.runtime.ExecSession;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** An exec or attach session on a hijacked Docker connection; {@link DockerStreams} pumps its output. */
final class DockerExecSession implements ExecSession {

    private final HijackedStream stream;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final BiConsumer<Integer, Integer> resizer;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean closed;

    DockerExecSession(HijackedStream stream, OutputStream stdin, InputStream stdout, InputStream stderr,
                      BiConsumer<Integer, Integer> resizer) {
        this.stream = stream;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.resizer = resizer;
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
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) {
        if (resizer != null && !closed) {
            resizer.accept(columns, rows);
        }
    }

    @Override
    public CompletionStage<Integer> exitCode() {
        return exitCode;
    }

    CompletableFuture<Integer> exitCodeFuture() {
        return exitCode;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        stream.close();
        exitCode.completeExceptionally(new IllegalStateException("the session was closed before the command ended"));
    }
}
