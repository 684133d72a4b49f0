package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** apps/v1 ReplicaSet: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
final class ReplicaSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.integer("Desired", Docs.REPLICA_SET_SPEC_REPLICAS),
            Columns.integer("Current", Docs.REPLICA_SET_STATUS_REPLICAS),
            Columns.integer("Ready", Docs.REPLICA_SET_STATUS_READY_REPLICAS),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.REPLICA_SET_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rs, Instant now) {
        JsonNode spec = rs.path("spec");
        JsonNode status = rs.path("status");
        JsonNode podSpec = spec.path("template").path("spec");
        return List.of(Cells.name(rs), Cells.integerOr(spec.path("replicas"), 1), Cells.integer(status.path("replicas")),
                Cells.integer(status.path("readyReplicas")), Cells.age(rs, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec), Cells.formatLabelSelector(spec.path("selector")));
    }
}
