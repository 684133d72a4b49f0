package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds meta.k8s.io/v1 Table responses from objects with the convertor of their kind. */
public final class Tables {

    private final Map<String, TableConvertor> byKind = new ConcurrentHashMap<>();

    /** @param key "apiVersion/Kind", e.g. "apps/v1/Deployment" or "v1/Pod" */
    public void register(String apiVersion, String kind, TableConvertor convertor) {
        byKind.put(apiVersion + "/" + kind, convertor);
    }

    public void unregister(String apiVersion, String kind) {
        byKind.remove(apiVersion + "/" + kind);
    }

    public TableConvertor convertor(String apiVersion, String kind) {
        return byKind.getOrDefault(apiVersion + "/" + kind, DefaultTableConvertor.INSTANCE);
    }

    /**
     * @param includeObject "None", "Object" or "Metadata" (PartialObjectMetadata, the default)
     * @param listMeta      the list's metadata (resourceVersion, continue), or null for one object
     */
    public ObjectNode table(TableConvertor convertor, List<ObjectNode> objects, String includeObject, JsonNode listMeta,
                            boolean withColumns, Instant now) {
        ObjectNode table = Json.MAPPER.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (listMeta != null) {
            meta.setAll((ObjectNode) listMeta);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        if (withColumns) {
            for (TableConvertor.Column column : convertor.columns()) {
                ObjectNode c = columns.addObject();
                c.put("name", column.name());
                c.put("type", column.type());
                c.put("format", column.format());
                c.put("description", column.description());
                c.put("priority", column.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : convertor.cells(object, now)) {
                cells.add(Json.MAPPER.valueToTree(cell));
            }
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", object);
                default -> row.set("object", partialMetadata(object));
            }
        }
        return table;
    }

    private static ObjectNode partialMetadata(ObjectNode object) {
        ObjectNode partial = Json.MAPPER.createObjectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
        return partial;
    }
}
