package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** apps/v1 StatefulSet: NAME READY AGE, wide CONTAINERS IMAGES. */
final class StatefulSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Ready", "Number of the pod with ready state"),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sts, Instant now) {
        JsonNode spec = sts.path("spec");
        JsonNode podSpec = spec.path("template").path("spec");
        return List.of(Cells.name(sts),
                Cells.integer(sts.path("status").path("readyReplicas")) + "/" + Cells.integerOr(spec.path("replicas"), 1),
                Cells.age(sts, now), Cells.containerNames(podSpec), Cells.containerImages(podSpec));
    }
}
