package io.kuberaf.api.runtime;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

/**
 * A running interactive command. With a tty, {@link #stderr()} is empty and output comes on
 * {@link #stdout()}. Closing the session closes its streams; the command may go on running.
 */
public interface ExecSession extends Closeable {
    /** The command's stdin; null when not requested. */
    OutputStream stdin();

    InputStream stdout();

    /** Empty with a tty or when not requested. */
    InputStream stderr();

    /** Changes the terminal size (kubectl's resize channel); ignored without a tty. */
    void resize(int columns, int rows);

    /** Completes with the command's exit code when it ends. */
    CompletionStage<Integer> exitCode();
}
