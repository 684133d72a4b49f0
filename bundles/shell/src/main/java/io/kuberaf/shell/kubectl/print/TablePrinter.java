package io.kuberaf.shell.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the apiserver's Table responses as kubectl's human-readable printer does: upper-case
 * headers, priority-0 columns unless wide, NAMESPACE first with --all-namespaces, {@code kind/name}
 * when several kinds are listed, LABELS last with --show-labels, through kubectl's tab writer.
 */
public final class TablePrinter {

    public record Options(boolean wide, boolean withNamespace, String kindPrefix, boolean showLabels, boolean noHeaders) {
        public static Options plain() {
            return new Options(false, false, null, false, false);
        }
    }

    private final Options options;
    private JsonNode lastColumns;

    public TablePrinter(Options options) {
        this.options = options;
    }

    /**
     * Adds a table's rows to the writer, with headers unless the same columns were printed
     * already (as for watch events). A table without rows prints nothing.
     */
    public void print(JsonNode table, TabWriter writer) {
        JsonNode columns = table.path("columnDefinitions");
        boolean headers = !options.noHeaders();
        if (columns.size() == 0) {
            columns = lastColumns;
            headers = false;
        } else if (columns.equals(lastColumns)) {
            headers = false;
        }
        if (columns == null || table.path("rows").size() == 0) {
            return;
        }
        lastColumns = columns;
        if (headers) {
            writer.write(String.join("\t", headers(columns)) + "\n");
        }
        for (JsonNode row : table.path("rows")) {
            writer.write(String.join("\t", cells(columns, row)) + "\n");
        }
    }

    private List<String> headers(JsonNode columns) {
        List<String> headers = new ArrayList<>();
        if (options.withNamespace()) {
            headers.add("NAMESPACE");
        }
        for (JsonNode column : columns) {
            if (shown(column)) {
                headers.add(column.path("name").asText().toUpperCase(Locale.ROOT));
            }
        }
        if (options.showLabels()) {
            headers.add("LABELS");
        }
        return headers;
    }

    private boolean shown(JsonNode column) {
        return options.wide() || column.path("priority").asInt(0) == 0;
    }

    private List<String> cells(JsonNode columns, JsonNode row) {
        List<String> cells = new ArrayList<>();
        JsonNode metadata = row.path("object").path("metadata");
        if (options.withNamespace()) {
            cells.add(metadata.path("namespace").asText(""));
        }
        JsonNode values = row.path("cells");
        for (int i = 0; i < values.size() && i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            if (!shown(column)) {
                continue;
            }
            String text = cellText(values.get(i));
            if (options.kindPrefix() != null && "name".equals(column.path("format").asText()) && "string".equals(column.path("type").asText())) {
                text = options.kindPrefix() + "/" + text;
            }
            cells.add(text);
        }
        if (options.showLabels()) {
            cells.add(labels(metadata.path("labels")));
        }
        return cells;
    }

    static String cellText(JsonNode cell) {
        if (cell == null || cell.isNull() || cell.isMissingNode()) {
            return "";
        }
        String text = cell.isTextual() ? cell.asText() : cell.isValueNode() ? JsonPrinter.scalarText(cell) : JsonPrinter.compact(cell);
        int cut = firstBreak(text);
        return cut < 0 ? text : text.substring(0, cut) + "...";
    }

    private static int firstBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\f') {
                return i;
            }
        }
        return -1;
    }

    /** Labels as kubectl joins them: sorted {@code key=value}, comma separated, or {@code <none>}. */
    public static String labels(JsonNode labels) {
        if (labels == null || labels.size() == 0) {
            return "<none>";
        }
        Map<String, String> sorted = new TreeMap<>();
        labels.fields().forEachRemaining(entry -> sorted.put(entry.getKey(), entry.getValue().asText()));
        List<String> pairs = new ArrayList<>();
        sorted.forEach((key, value) -> pairs.add(key + "=" + value));
        return String.join(",", pairs);
    }
}
