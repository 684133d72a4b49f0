package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** apps/v1 DaemonSet: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR. */
final class DaemonSetTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.integer("Desired", Docs.DAEMON_SET_STATUS_DESIRED_NUMBER_SCHEDULED),
            Columns.integer("Current", Docs.DAEMON_SET_STATUS_CURRENT_NUMBER_SCHEDULED),
            Columns.integer("Ready", Docs.DAEMON_SET_STATUS_NUMBER_READY),
            Columns.integer("Up-to-date", Docs.DAEMON_SET_STATUS_UPDATED_NUMBER_SCHEDULED),
            Columns.integer("Available", Docs.DAEMON_SET_STATUS_NUMBER_AVAILABLE),
            Columns.string("Node Selector", Docs.POD_SPEC_NODE_SELECTOR),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.DAEMON_SET_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ds, Instant now) {
        JsonNode status = ds.path("status");
        JsonNode podSpec = ds.path("spec").path("template").path("spec");
        return List.of(Cells.name(ds), Cells.integer(status.path("desiredNumberScheduled")),
                Cells.integer(status.path("currentNumberScheduled")), Cells.integer(status.path("numberReady")),
                Cells.integer(status.path("updatedNumberScheduled")), Cells.integer(status.path("numberAvailable")),
                Cells.formatLabels(podSpec.path("nodeSelector")), Cells.age(ds, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec),
                Cells.formatLabelSelector(ds.path("spec").path("selector")));
    }
}
