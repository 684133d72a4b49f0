package io.kuberaf.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3.1 framing for one connection: bytes in (in any chunks) to frames, frames to bytes. Header
 * blocks are zlib-compressed with SPDY/3's dictionary, one compression context per direction for the
 * whole connection (so frames must be decoded and encoded in connection order). Not thread-safe.
 */
public final class SpdyCodec {

    static final int VERSION = 3;
    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int PING = 6;
    static final int GOAWAY = 7;
    private static final int HEADER_SIZE = 8;
    private static final int MAX_HEADER_BLOCK = 1 << 20;
    private static final byte[] DICTIONARY = dictionary();

    private final Inflater inflater = new Inflater();
    private final Deflater deflater = new Deflater();
    private ByteBuffer pending = ByteBuffer.allocate(0);

    public SpdyCodec() {
        deflater.setDictionary(DICTIONARY);
    }

    /** The SPDY/3 header dictionary (spdy-protocol-draft3, section 2.6.10.1), 1423 bytes. */
    private static byte[] dictionary() {
        try (InputStream in = SpdyCodec.class.getResourceAsStream("spdy3-header-dictionary.bin")) {
            if (in == null) {
                throw new IllegalStateException("spdy3-header-dictionary.bin missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the next bytes of the connection; returns the frames they complete. */
    public List<SpdyFrame> decode(ByteBuffer bytes) {
        ByteBuffer all = ByteBuffer.allocate(pending.remaining() + bytes.remaining());
        all.put(pending).put(bytes).flip();
        List<SpdyFrame> frames = new ArrayList<>();
        while (all.remaining() >= HEADER_SIZE) {
            int length = ((all.get(all.position() + 5) & 0xff) << 16) | ((all.get(all.position() + 6) & 0xff) << 8)
                    | (all.get(all.position() + 7) & 0xff);
            if (all.remaining() < HEADER_SIZE + length) {
                break;
            }
            ByteBuffer frame = all.slice(all.position(), HEADER_SIZE + length);
            all.position(all.position() + HEADER_SIZE + length);
            frames.add(decodeFrame(frame));
        }
        pending = ByteBuffer.allocate(all.remaining()).put(all).flip();
        return frames;
    }

    private SpdyFrame decodeFrame(ByteBuffer frame) {
        int first = frame.getInt();
        int flags = frame.get() & 0xff;
        frame.position(HEADER_SIZE);
        boolean fin = (flags & SpdyFrame.FLAG_FIN) != 0;
        if (first >= 0) {
            byte[] data = new byte[frame.remaining()];
            frame.get(data);
            return new SpdyFrame.Data(first & 0x7fffffff, fin, data);
        }
        int version = (first >>> 16) & 0x7fff;
        if (version != VERSION) {
            throw new SpdyException("SPDY version " + version + " is not supported (only 3)");
        }
        int type = first & 0xffff;
        return switch (type) {
            case SYN_STREAM -> {
                int streamId = frame.getInt() & 0x7fffffff;
                frame.getInt(); // associated-to stream
                frame.getShort(); // priority and slot
                yield new SpdyFrame.SynStream(streamId, fin, readHeaders(frame));
            }
            case SYN_REPLY -> new SpdyFrame.SynReply(frame.getInt() & 0x7fffffff, fin, readHeaders(frame));
            case RST_STREAM -> new SpdyFrame.RstStream(frame.getInt() & 0x7fffffff, frame.getInt());
            case PING -> new SpdyFrame.Ping(frame.getInt());
            case GOAWAY -> new SpdyFrame.GoAway(frame.getInt() & 0x7fffffff, frame.remaining() >= 4 ? frame.getInt() : 0);
            default -> new SpdyFrame.Ignored(type);
        };
    }

    private Map<String, String> readHeaders(ByteBuffer compressed) {
        ByteBuffer block = ByteBuffer.wrap(inflate(compressed));
        int count = block.getInt();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = readString(block);
            headers.put(name, readString(block));
        }
        return headers;
    }

    private static String readString(ByteBuffer block) {
        byte[] bytes = new byte[block.getInt()];
        block.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] inflate(ByteBuffer compressed) {
        byte[] input = new byte[compressed.remaining()];
        compressed.get(input);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                out.write(buffer, 0, n);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(DICTIONARY);
                } else if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    return out.toByteArray();
                }
                if (out.size() > MAX_HEADER_BLOCK) {
                    throw new SpdyException("SPDY header block larger than " + MAX_HEADER_BLOCK + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new SpdyException("corrupt SPDY header block: " + e.getMessage());
        }
    }

    /** The bytes of one frame. */
    public byte[] encode(SpdyFrame frame) {
        if (frame instanceof SpdyFrame.Data data) {
            return dataFrame(data);
        }
        if (frame instanceof SpdyFrame.SynStream syn) {
            return control(SYN_STREAM, syn.fin(), concat(ints(syn.streamId(), 0), new byte[2], writeHeaders(syn.headers())));
        }
        if (frame instanceof SpdyFrame.SynReply reply) {
            return control(SYN_REPLY, reply.fin(), concat(ints(reply.streamId()), writeHeaders(reply.headers())));
        }
        if (frame instanceof SpdyFrame.RstStream rst) {
            return control(RST_STREAM, false, ints(rst.streamId(), rst.status()));
        }
        if (frame instanceof SpdyFrame.Ping ping) {
            return control(PING, false, ints(ping.id()));
        }
        if (frame instanceof SpdyFrame.GoAway goAway) {
            return control(GOAWAY, false, ints(goAway.lastGoodStreamId(), goAway.status()));
        }
        throw new IllegalArgumentException("cannot encode " + frame);
    }

    private static byte[] dataFrame(SpdyFrame.Data data) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + data.data().length);
        out.putInt(data.streamId() & 0x7fffffff);
        out.putInt(((data.fin() ? SpdyFrame.FLAG_FIN : 0) << 24) | checkedLength(data.data().length));
        out.put(data.data());
        return out.array();
    }

    private static byte[] control(int type, boolean fin, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + body.length);
        out.putShort((short) (0x8000 | VERSION));
        out.putShort((short) type);
        out.putInt(((fin ? SpdyFrame.FLAG_FIN : 0) << 24) | checkedLength(body.length));
        out.put(body);
        return out.array();
    }

    private static int checkedLength(int length) {
        if (length > 0xffffff) {
            throw new IllegalArgumentException("SPDY frame payload of " + length + " bytes exceeds 16 MiB");
        }
        return length;
    }

    private byte[] writeHeaders(Map<String, String> headers) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(ints(headers.size()));
        headers.forEach((name, value) -> {
            writeString(raw, name.toLowerCase(java.util.Locale.ROOT));
            writeString(raw, value);
        });
        deflater.setInput(raw.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            compressed.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        return compressed.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ints(bytes.length));
        out.writeBytes(bytes);
    }

    private static byte[] ints(int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length);
        for (int value : values) {
            out.putInt(value);
        }
        return out.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The peer broke the protocol: the connection cannot go on. */
    public static final class SpdyException extends RuntimeException {
        SpdyException(String message) {
            super(message);
        }
    }
}
