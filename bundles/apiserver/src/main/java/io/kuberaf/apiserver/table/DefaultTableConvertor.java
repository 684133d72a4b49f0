package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** What kube-apiserver prints for a kind without its own printer: Name and Created At. */
public final class DefaultTableConvertor implements TableConvertor {

    public static final DefaultTableConvertor INSTANCE = new DefaultTableConvertor();

    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Created At", "date", "CreationTimestamp is a timestamp representing the server time when this object was created."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
        return List.of(object.path("metadata").path("name").asText(),
                object.path("metadata").path("creationTimestamp").asText());
    }
}
