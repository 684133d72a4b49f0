package io.kuberaf.runtime.docker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamFramesTest {

    private static byte[] frames(Object... typeAndText) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < typeAndText.length; i += 2) {
            byte[] payload = ((String) typeAndText[i + 1]).getBytes(StandardCharsets.UTF_8);
            out.write(new byte[]{(byte) (int) (Integer) typeAndText[i], 0, 0, 0,
                    (byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length});
            out.write(payload);
        }
        return out.toByteArray();
    }

    @Test
    void demultiplexSplitsStdoutAndStderr() throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StreamFrames.demultiplex(new ByteArrayInputStream(frames(1, "out1\n", 2, "err\n", 1, "out2\n")),
                (type, payload, length) -> (type == StreamFrames.STDERR ? stderr : stdout).write(payload, 0, length));
        assertEquals("out1\nout2\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals("err\n", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mergedKeepsTheOrderOfFramesAndReadsLargeOnesInPieces() throws IOException {
        String big = "x".repeat(100_000);
        byte[] bytes = frames(1, "a", 2, big, 1, "b");
        assertEquals("a" + big + "b", new String(StreamFrames.merged(new ByteArrayInputStream(bytes)).readAllBytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void aStreamCutInsideAFrameIsAnError() throws IOException {
        byte[] bytes = frames(1, "hello");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 2);
        assertThrows(EOFException.class, () -> StreamFrames.merged(new ByteArrayInputStream(cut)).readAllBytes());
    }
}
