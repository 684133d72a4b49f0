package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.discovery.BuiltinResources;
import io.kuberaf.apiserver.discovery.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.kuberaf.apiserver.table.TableFixtures.NOW;
import static io.kuberaf.apiserver.table.TableFixtures.ago;
import static io.kuberaf.apiserver.table.TableFixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinTablesTest {

    /** Kubernetes has no printer for these: they print NAME CREATED AT. */
    private static final Set<String> DEFAULT_PRINTED = Set.of("LimitRange", "Role", "ClusterRole", "CustomResourceDefinition");

    @Test
    void everyBuiltinKindHasItsPrinter() {
        Tables tables = BuiltinTables.create();
        for (ResourceType type : BuiltinResources.all()) {
            TableConvertor convertor = tables.convertor(type.apiVersion(), type.kind());
            if (DEFAULT_PRINTED.contains(type.kind())) {
                assertSame(DefaultTableConvertor.INSTANCE, convertor, type.kind());
            } else {
                assertNotSame(DefaultTableConvertor.INSTANCE, convertor, type.apiVersion() + " " + type.kind());
            }
        }
    }

    @Test
    void cellCountMatchesColumnsForEmptyObjects() {
        Tables tables = BuiltinTables.create();
        for (ResourceType type : BuiltinResources.all()) {
            TableConvertor convertor = tables.convertor(type.apiVersion(), type.kind());
            List<Object> cells = convertor.cells(object("{\"metadata\":{\"name\":\"x\"}}"), NOW);
            assertEquals(convertor.columns().size(), cells.size(), type.kind());
            for (Object cell : cells) {
                assertTrue(cell instanceof String || cell instanceof Long || cell instanceof Boolean,
                        type.kind() + " cell " + cell);
            }
        }
    }

    @Test
    void tableJsonHasIntegerCellsAndColumnDefinitions() {
        Tables tables = BuiltinTables.create();
        ObjectNode rc = object("""
                {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"mysql","namespace":"default",
                 "creationTimestamp":"%s","resourceVersion":"7"},
                 "spec":{"replicas":1,"selector":{"app":"mysql"},"template":{"spec":{"containers":[{"name":"mysql","image":"mysql:5.6"}]}}},
                 "status":{"replicas":1,"readyReplicas":1}}""".formatted(ago(5)));
        ObjectNode table = tables.table(tables.convertor("v1", "ReplicationController"), List.of(rc), null,
                object("{\"resourceVersion\":\"9\"}"), true, NOW);
        assertEquals("Table", table.path("kind").asText());
        JsonNode columns = table.path("columnDefinitions");
        assertEquals(8, columns.size());
        assertEquals("Name", columns.get(0).path("name").asText());
        assertEquals("name", columns.get(0).path("format").asText());
        assertEquals("Selector", columns.get(7).path("name").asText());
        assertEquals(1, columns.get(7).path("priority").asInt());
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertEquals("[\"mysql\",1,1,1,\"5s\",\"mysql\",\"mysql:5.6\",\"app=mysql\"]", cells.toString());
        assertTrue(cells.get(1).isIntegralNumber());
        assertEquals("PartialObjectMetadata", table.path("rows").get(0).path("object").path("kind").asText());
    }
}
