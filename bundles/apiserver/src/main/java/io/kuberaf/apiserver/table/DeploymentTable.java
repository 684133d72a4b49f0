package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** apps/v1 Deployment: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR. */
final class DeploymentTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Ready", "Number of the pod with ready state"),
            Columns.string("Up-to-date", Docs.DEPLOYMENT_STATUS_UPDATED_REPLICAS),
            Columns.string("Available", Docs.DEPLOYMENT_STATUS_AVAILABLE_REPLICAS),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.DEPLOYMENT_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode deployment, Instant now) {
        JsonNode spec = deployment.path("spec");
        JsonNode status = deployment.path("status");
        JsonNode podSpec = spec.path("template").path("spec");
        // Deployment prints selector.String() itself: "" rather than "<none>" for an empty selector
        return List.of(Cells.name(deployment),
                Cells.integer(status.path("readyReplicas")) + "/" + Cells.integerOr(spec.path("replicas"), 1),
                Cells.integer(status.path("updatedReplicas")), Cells.integer(status.path("availableReplicas")),
                Cells.age(deployment, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec), Cells.selectorString(spec.path("selector")));
    }
}
