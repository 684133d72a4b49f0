package io.kuberaf.runtime.docker;

import io.kuberaf.api.runtime.RuntimeOperationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A connection that Docker takes over after the HTTP answer (exec start, attach): the request is
 * written by hand as an HTTP/1.1 upgrade to "tcp", then the socket carries the process's raw stdin
 * one way and its output (multiplexed or raw) the other way. Closing the output half tells Docker
 * that stdin ended.
 *
 * <p>The streams read and write the channel directly: the JDK's {@code Channels.newInputStream} and
 * {@code newOutputStream} share one lock, so a blocked read would stop every write.
 */
final class HijackedStream implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    private HijackedStream(SocketChannel channel) {
        this.channel = channel;
        this.input = new ChannelInput(channel);
        this.output = new ChannelOutput(channel);
    }

    /** POSTs {@code jsonBody} to {@code path} (after the version prefix) and takes over the connection. */
    static HijackedStream open(Path socket, String path, String jsonBody) {
        String call = "POST " + path;
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
            String head = "POST /v" + DockerApi.API_VERSION + path + " HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n\r\n";
            HijackedStream stream = new HijackedStream(channel);
            stream.output.write(head.getBytes(StandardCharsets.US_ASCII));
            stream.output.write(body);
            stream.expectUpgrade(call);
            return stream;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RuntimeOperationException("Docker " + call + " failed: cannot reach dockerd on " + socket
                    + " (" + e + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Reads the answer's head: 101 (or 200 from daemons that hijack without upgrading) hands the socket over. */
    private void expectUpgrade(String call) throws IOException {
        String head = readHead();
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status = parts.length >= 2 ? parseStatus(parts[1]) : -1;
        if (status == 101 || status == 200) {
            return;
        }
        String body = readErrorBody(head);
        String message = body;
        int at = body.indexOf("\"message\":\"");
        if (at >= 0) {
            int end = body.indexOf('"', at + 11);
            message = body.substring(at + 11, end > 0 ? end : body.length());
        }
        throw new DockerApiException(call, status, message.isBlank() ? statusLine : message);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = input.read();
            if (b < 0) {
                throw new IOException("dockerd closed the connection before answering");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("dockerd's answer has no end of headers");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private String readErrorBody(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return new String(input.readNBytes(Math.min(length, 64 * 1024)), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static int parseStatus(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /** Ends the process's stdin; output keeps coming. */
    void closeOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
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
            int n;
            do {
                n = channel.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        /** Closing stdin half-closes the connection: the output still comes. */
        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.shutdownOutput();
            }
        }
    }
}
