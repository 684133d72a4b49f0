package io.kuberaf.runtime.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Docker's multiplexed output (containers without a tty): each frame is an 8-byte header — stream
 * type (0 stdin, 1 stdout, 2 stderr), three zero bytes, payload length as a big-endian uint32 —
 * followed by the payload.
 */
final class StreamFrames {

    static final int STDOUT = 1;
    static final int STDERR = 2;

    /** Receives each frame's payload. */
    interface Sink {
        void frame(int streamType, byte[] payload, int length) throws IOException;
    }

    private StreamFrames() {
    }

    /** Reads frames until the stream ends. */
    static void demultiplex(InputStream in, Sink sink) throws IOException {
        byte[] header = new byte[8];
        byte[] payload = new byte[32 * 1024];
        while (readHeader(in, header)) {
            long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            while (length > 0) {
                int chunk = (int) Math.min(length, payload.length);
                readFully(in, payload, chunk);
                sink.frame(header[0], payload, chunk);
                length -= chunk;
            }
        }
    }

    /** False at a clean end of stream (between frames). */
    private static boolean readHeader(InputStream in, byte[] header) throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        header[0] = (byte) first;
        readFully(in, header, 1, 7);
        return true;
    }

    private static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        readFully(in, buffer, 0, length);
    }

    private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("Docker's stream ended inside a frame");
            }
            done += n;
        }
    }

    /** The payloads of every frame, stdout and stderr interleaved as they came (what kubectl logs shows). */
    static InputStream merged(InputStream multiplexed) {
        return new MergedInput(multiplexed);
    }

    private static final class MergedInput extends InputStream {
        private final InputStream in;
        private final byte[] header = new byte[8];
        private long remaining;

        MergedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (remaining == 0) {
                if (!readHeader(in, header)) {
                    return -1;
                }
                remaining = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("Docker's stream ended inside a frame");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
