package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** v1 ResourceQuota: NAME REQUEST LIMIT AGE, "pods: 1/10, requests.cpu: 0/2" from status used/hard. */
final class ResourceQuotaTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Columns.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode quota, Instant now) {
        JsonNode hard = quota.path("status").path("hard");
        JsonNode used = quota.path("status").path("used");
        TreeSet<String> resources = new TreeSet<>();
        hard.fieldNames().forEachRemaining(resources::add);
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (String resource : resources) {
            String piece = resource + ": " + quantity(used.path(resource)) + "/" + quantity(hard.path(resource));
            String[] parts = resource.split("\\.");
            (parts.length > 1 && parts[0].equals("limits") ? limits : requests).add(piece);
        }
        return List.of(Cells.name(quota), String.join(", ", requests), String.join(", ", limits), Cells.age(quota, now));
    }

    /** A quantity as stored; a missing one is Go's zero Quantity, "0". */
    private static String quantity(JsonNode value) {
        return Cells.textOr(value, "0");
    }
}
