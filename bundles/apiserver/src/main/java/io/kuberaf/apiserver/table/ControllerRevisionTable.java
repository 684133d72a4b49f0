package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** apps/v1 ControllerRevision: NAME CONTROLLER REVISION AGE; CONTROLLER is "statefulset.apps/web". */
final class ControllerRevisionTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Controller", "Controller of the object"),
            Columns.string("Revision", Docs.CONTROLLER_REVISION_REVISION),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode revision, Instant now) {
        return List.of(Cells.name(revision), controller(revision), Cells.integer(revision.path("revision")),
                Cells.age(revision, now));
    }

    private static String controller(JsonNode object) {
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                String apiVersion = Cells.text(owner.path("apiVersion"));
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = Cells.text(owner.path("kind"));
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                String name = Cells.text(owner.path("name"));
                return groupKind.isEmpty() ? name : groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return Cells.NONE;
    }
}
