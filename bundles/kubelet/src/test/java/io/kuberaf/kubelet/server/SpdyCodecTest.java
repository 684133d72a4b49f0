package io.kuberaf.kubelet.server;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpdyCodecTest {

    private final SpdyCodec sender = new SpdyCodec();
    private final SpdyCodec receiver = new SpdyCodec();

    @Test
    void framesSurviveTheRoundTripWithOneCompressionContextPerDirection() {
        List<SpdyFrame> frames = List.of(
                new SpdyFrame.SynStream(1, false, Map.of("streamtype", "error", "port", "80", "requestid", "0")),
                new SpdyFrame.SynStream(3, false, Map.of("streamtype", "data", "port", "80", "requestid", "0")),
                new SpdyFrame.SynReply(3, false, Map.of()),
                new SpdyFrame.RstStream(3, SpdyFrame.RstStream.CANCEL),
                new SpdyFrame.Ping(1),
                new SpdyFrame.GoAway(3, 0));
        List<SpdyFrame> decoded = new ArrayList<>();
        for (SpdyFrame frame : frames) {
            decoded.addAll(receiver.decode(ByteBuffer.wrap(sender.encode(frame))));
        }
        assertEquals(frames, decoded);
    }

    @Test
    void dataFramesKeepTheirBytesAndFin() {
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        SpdyFrame.Data decoded = (SpdyFrame.Data) receiver.decode(ByteBuffer.wrap(sender.encode(new SpdyFrame.Data(5, true, payload)))).get(0);
        assertEquals(5, decoded.streamId());
        assertTrue(decoded.fin());
        assertArrayEquals(payload, decoded.data());
    }

    @Test
    void framesSplitAcrossMessagesAndSeveralInOneAreBothDecoded() {
        byte[] first = sender.encode(new SpdyFrame.SynStream(1, false, Map.of("port", "8080", "streamtype", "data")));
        byte[] second = sender.encode(new SpdyFrame.Data(1, false, "abc".getBytes()));
        byte[] all = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
        List<SpdyFrame> decoded = new ArrayList<>();
        for (int i = 0; i < all.length; i += 3) { // three bytes at a time
            decoded.addAll(receiver.decode(ByteBuffer.wrap(all, i, Math.min(3, all.length - i))));
        }
        assertEquals(2, decoded.size());
        assertEquals(Map.of("port", "8080", "streamtype", "data"), ((SpdyFrame.SynStream) decoded.get(0)).headers());
        assertEquals("abc", new String(((SpdyFrame.Data) decoded.get(1)).data()));
    }

    @Test
    void headerBlocksAreZlibWithTheSpdy3DictionaryAndLowerCaseNames() throws Exception {
        byte[] frame = sender.encode(new SpdyFrame.SynReply(1, false, Map.of("X-Reply", "yes")));
        // frame header (8) + stream id (4), then the compressed block: zlib with a preset dictionary
        byte[] block = java.util.Arrays.copyOfRange(frame, 12, frame.length);
        assertEquals(0x20, block[1] & 0x20, "FDICT flag set");
        Inflater inflater = new Inflater();
        inflater.setInput(block);
        byte[] out = new byte[256];
        assertEquals(0, inflater.inflate(out));
        assertTrue(inflater.needsDictionary());
        assertEquals(Map.of("x-reply", "yes"), ((SpdyFrame.SynReply) receiver.decode(ByteBuffer.wrap(frame)).get(0)).headers());
    }

    @Test
    void otherFramesAreIgnoredAndOtherVersionsRefused() {
        byte[] windowUpdate = {(byte) 0x80, 3, 0, 9, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0x10, 0};
        assertInstanceOf(SpdyFrame.Ignored.class, receiver.decode(ByteBuffer.wrap(windowUpdate)).get(0));
        byte[] version2 = {(byte) 0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1};
        assertThrows(SpdyCodec.SpdyException.class, () -> new SpdyCodec().decode(ByteBuffer.wrap(version2)));
    }
}
