package io.kuberaf.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.table.Cells;
import io.kuberaf.apiserver.table.TableConvertor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Table of a custom kind: Name, then the version's additionalPrinterColumns evaluated with their
 * JSONPath. As in apiextensions-apiserver, a "date" cell is the age kubectl shows (5m), a string cell
 * the printed value, a missing value an empty cell.
 */
final class CustomTable implements TableConvertor {

    private final List<CustomKind.PrinterColumn> printerColumns;
    private final List<Column> columns = new ArrayList<>();

    CustomTable(List<CustomKind.PrinterColumn> printerColumns) {
        this.printerColumns = printerColumns;
        columns.add(Column.nameColumn());
        for (CustomKind.PrinterColumn column : printerColumns) {
            columns.add(new Column(column.name(), column.type(), column.format(), column.description(), column.priority()));
        }
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(object.path("metadata").path("name").asText());
        for (CustomKind.PrinterColumn column : printerColumns) {
            cells.add(cell(column.type(), JsonPath.first(object, column.jsonPath()), now));
        }
        return cells;
    }

    private static Object cell(String type, JsonNode value, Instant now) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case "integer" -> value.canConvertToLong() ? (Object) value.asLong() : null;
            case "number" -> value.isNumber() ? (Object) value.numberValue() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "date" -> value.isTextual() ? Cells.since(value, now) : null;
            default -> value.isValueNode() ? value.asText() : value.toString();
        };
    }
}
