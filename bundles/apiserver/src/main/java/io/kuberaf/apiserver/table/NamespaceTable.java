package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** v1 Namespace: NAME STATUS AGE; a namespace without a phase is Active, as kube-apiserver sets on create. */
final class NamespaceTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Status", "The status of the namespace"),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode namespace, Instant now) {
        return List.of(Cells.name(namespace), Cells.textOr(namespace.path("status").path("phase"), "Active"), Cells.age(namespace, now));
    }
}
