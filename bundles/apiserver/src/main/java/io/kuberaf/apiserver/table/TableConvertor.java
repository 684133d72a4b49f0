package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * Server-side printing of one kind: the columns {@code kubectl get} shows, as kube-apiserver's
 * printers define them. Columns with priority 1 are shown only with {@code -o wide}.
 */
public interface TableConvertor {

    List<Column> columns();

    /** One cell per column, in order: String, Long/Integer or Boolean values (null for "<none>"-less blanks). */
    List<Object> cells(ObjectNode object, Instant now);

    /**
     * A meta/v1 TableColumnDefinition.
     *
     * @param type   "string", "integer", "number", "boolean" or "date"
     * @param format "name" for the name column, else ""
     */
    record Column(String name, String type, String format, String description, int priority) {

        public static Column nameColumn() {
            return new Column("Name", "string", "name", Docs.OBJECT_META_NAME, 0);
        }

        public static Column of(String name, String type, String description) {
            return new Column(name, type, "", description, 0);
        }

        public static Column wide(String name, String type, String description) {
            return new Column(name, type, "", description, 1);
        }
    }
}
