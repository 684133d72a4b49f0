package io.kuberaf.kubelet.server;

import java.util.Map;

/**
 * The SPDY/3.1 frames that Kubernetes' port-forward exchanges (kubectl speaks it with moby/spdystream,
 * tunneled over a WebSocket since kubectl 1.31). Header names are lower case; a value holding several
 * values keeps SPDY's NUL separators.
 */
public sealed interface SpdyFrame {

    int FLAG_FIN = 0x01;

    /** Bytes of one stream; {@code fin} half-closes the sender's side. */
    record Data(int streamId, boolean fin, byte[] data) implements SpdyFrame {
    }

    /** Opens a stream (odd ids from the client). */
    record SynStream(int streamId, boolean fin, Map<String, String> headers) implements SpdyFrame {
        public SynStream {
            headers = Map.copyOf(headers);
        }
    }

    /** Accepts a stream the peer opened. */
    record SynReply(int streamId, boolean fin, Map<String, String> headers) implements SpdyFrame {
        public SynReply {
            headers = Map.copyOf(headers);
        }
    }

    /** Aborts a stream; status 1 = PROTOCOL_ERROR, 3 = REFUSED_STREAM, 5 = CANCEL. */
    record RstStream(int streamId, int status) implements SpdyFrame {
        public static final int PROTOCOL_ERROR = 1;
        public static final int REFUSED_STREAM = 3;
        public static final int CANCEL = 5;
    }

    record Ping(int id) implements SpdyFrame {
    }

    /** The sender accepts no new streams; status 0 = OK. */
    record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {
    }

    /**
     * A frame port-forward does not need (SETTINGS, WINDOW_UPDATE, HEADERS, ...): spdystream does no
     * flow control, so windows are neither sent nor enforced.
     */
    record Ignored(int type) implements SpdyFrame {
    }
}
