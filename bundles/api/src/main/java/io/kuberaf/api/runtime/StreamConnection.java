package io.kuberaf.api.runtime;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A byte stream in both directions (a port-forward connection); closing it closes both. */
public interface StreamConnection extends Closeable {
    InputStream input();

    OutputStream output();
}
