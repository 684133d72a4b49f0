package io.kuberaf.shell;

import io.kuberaf.api.store.StoreStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreCommandTest {

    @Test
    void printsEveryFieldOfTheStatus() {
        StoreStatus status = new StoreStatus("Apache Ignite 2.18.0", List.of("kuberaf-1 127.0.0.1:47500", "kuberaf-2 127.0.0.1:47501"),
                42, 17, 9, "native persistence, WAL FSYNC", 3 * 1024 * 1024);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StoreCommand.print(status, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("Store:              Apache Ignite 2.18.0"), out);
        assertTrue(out.contains("Members:            2"), out);
        assertTrue(out.contains("  kuberaf-2 127.0.0.1:47501"), out);
        assertTrue(out.contains("Revision:           42"), out);
        assertTrue(out.contains("Compacted revision: 17"), out);
        assertTrue(out.contains("Keys:               9"), out);
        assertTrue(out.contains("Persistence:        native persistence, WAL FSYNC"), out);
        assertTrue(out.contains("Data size:          3.0 MiB"), out);
    }

    @Test
    void humanBytesUsesBinaryUnits() {
        assertEquals("512 B", StoreCommand.humanBytes(512));
        assertEquals("1.5 KiB", StoreCommand.humanBytes(1536));
        assertEquals("2.0 GiB", StoreCommand.humanBytes(2L * 1024 * 1024 * 1024));
    }
}
