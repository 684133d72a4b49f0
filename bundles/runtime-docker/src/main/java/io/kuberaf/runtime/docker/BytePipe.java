package io.kuberaf.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe from one writer thread to one reader. Unlike {@code PipedInputStream} it
 * does not care which threads read or write, or whether they are still alive.
 */
final class BytePipe {

    private final byte[] buffer;
    private int start;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    BytePipe(int capacity) {
        buffer = new byte[capacity];
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        try {
            while (count == 0 && !writerClosed && !readerClosed) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        if (readerClosed) {
            throw new IOException("stream closed");
        }
        if (count == 0) {
            return -1;
        }
        int n = Math.min(len, Math.min(count, buffer.length - start));
        System.arraycopy(buffer, start, b, off, n);
        start = (start + n) % buffer.length;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            try {
                while (count == buffer.length && !readerClosed) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            if (readerClosed) {
                return; // nobody reads: drop, so the other stream keeps flowing
            }
            if (writerClosed) {
                throw new IOException("pipe closed for writing");
            }
            int end = (start + count) % buffer.length;
            int n = Math.min(len, Math.min(buffer.length - count, buffer.length - end));
            System.arraycopy(b, off, buffer, end, n);
            count += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    /** The writer is done: the reader gets end of stream once it has read what is left. */
    synchronized void closeWriter() {
        writerClosed = true;
        notifyAll();
    }

    private synchronized void closeReader() {
        readerClosed = true;
        notifyAll();
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : take(b, off, len);
        }

        @Override
        public int available() {
            synchronized (BytePipe.this) {
                return count;
            }
        }

        @Override
        public void close() {
            closeReader();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            put(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            put(b, off, len);
        }

        @Override
        public void close() {
            closeWriter();
        }
    }
}
