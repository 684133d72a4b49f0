package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;
import io.kuberaf.apiserver.table.TableConvertor.Column;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Objects from JSON text, a fixed clock, and column assertions for the printer tests. */
final class TableFixtures {

    /** Every test prints at this instant; objects are made "ago" relative to it. */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private TableFixtures() {
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 3339 text of NOW minus that many seconds. */
    static String ago(long seconds) {
        return NOW.minusSeconds(seconds).toString();
    }

    /** "name:priority" for every column, e.g. "Name:0", "IP:1". */
    static void assertColumns(TableConvertor convertor, String... namesAndPriorities) {
        List<String> actual = convertor.columns().stream().map(c -> c.name() + ":" + c.priority()).toList();
        assertEquals(List.of(namesAndPriorities), actual);
    }

    static void assertCells(TableConvertor convertor, String json, Object... expected) {
        assertEquals(List.of(expected), convertor.cells(object(json), NOW));
    }

    static Column column(TableConvertor convertor, String name) {
        return convertor.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
