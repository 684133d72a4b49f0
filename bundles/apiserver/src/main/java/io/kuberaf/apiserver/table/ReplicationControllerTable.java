package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** v1 ReplicationController: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
final class ReplicationControllerTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.integer("Desired", Docs.REPLICATION_CONTROLLER_SPEC_REPLICAS),
            Columns.integer("Current", Docs.REPLICATION_CONTROLLER_STATUS_REPLICAS),
            Columns.integer("Ready", Docs.REPLICATION_CONTROLLER_STATUS_READY_REPLICAS),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.REPLICATION_CONTROLLER_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rc, Instant now) {
        JsonNode spec = rc.path("spec");
        JsonNode status = rc.path("status");
        JsonNode podSpec = spec.path("template").path("spec");
        return List.of(Cells.name(rc), Cells.integerOr(spec.path("replicas"), 1), Cells.integer(status.path("replicas")),
                Cells.integer(status.path("readyReplicas")), Cells.age(rc, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec), Cells.formatLabels(spec.path("selector")));
    }
}
