package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.kuberaf.apiserver.table.Cells.text;

/**
 * Events, as kube-apiserver prints them for both v1 and events.k8s.io/v1 (one storage, one printer):
 * LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
 */
final class EventTable implements TableConvertor {

    /** The field names of one of the two Event versions. */
    private record Fields(String regarding, String message, String firstTimestamp, String lastTimestamp, String count,
                          String source) {
    }

    private static final Fields CORE = new Fields("involvedObject", "message", "firstTimestamp", "lastTimestamp", "count",
            "source");
    private static final Fields EVENTS = new Fields("regarding", "note", "deprecatedFirstTimestamp", "deprecatedLastTimestamp",
            "deprecatedCount", "deprecatedSource");

    static final EventTable V1 = new EventTable(CORE);
    static final EventTable EVENTS_V1 = new EventTable(EVENTS);

    private static final List<Column> COLUMNS = List.of(
            Columns.string("Last Seen", Docs.EVENT_LAST_TIMESTAMP),
            Columns.string("Type", Docs.EVENT_TYPE),
            Columns.string("Reason", Docs.EVENT_REASON),
            Columns.string("Object", Docs.EVENT_INVOLVED_OBJECT),
            Columns.wide("Subobject", Docs.OBJECT_REFERENCE_FIELD_PATH),
            Columns.wide("Source", Docs.EVENT_SOURCE),
            Columns.string("Message", Docs.EVENT_MESSAGE),
            Columns.wide("First Seen", Docs.EVENT_FIRST_TIMESTAMP),
            Columns.wide("Count", Docs.EVENT_COUNT),
            new Column("Name", "string", "name", Docs.OBJECT_META_NAME, 1));

    private final Fields fields;

    private EventTable(Fields fields) {
        this.fields = fields;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode event, Instant now) {
        String firstSeen = Cells.present(event.path(fields.firstTimestamp()))
                ? Cells.since(event.path(fields.firstTimestamp()), now)
                : Cells.since(event.path("eventTime"), now);
        String lastSeen = Cells.present(event.path(fields.lastTimestamp()))
                ? Cells.since(event.path(fields.lastTimestamp()), now)
                : firstSeen;
        long count = Cells.integer(event.path(fields.count()));
        JsonNode series = event.path("series");
        if (series.isObject()) {
            lastSeen = Cells.since(series.path("lastObservedTime"), now);
            count = Cells.integer(series.path("count"));
        } else if (count == 0) {
            count = 1; // singleton events have no count in the new API
        }
        JsonNode regarding = event.path(fields.regarding());
        String kind = text(regarding.path("kind")).toLowerCase(Locale.ROOT);
        String target = text(regarding.path("name")).isEmpty() ? kind : kind + "/" + text(regarding.path("name"));
        JsonNode source = event.path(fields.source());
        return List.of(lastSeen, text(event.path("type")), text(event.path("reason")), target,
                text(regarding.path("fieldPath")),
                source(firstNonEmpty(text(source.path("component")), text(event.path("reportingController"))),
                        firstNonEmpty(text(source.path("host")), text(event.path("reportingInstance")))),
                text(event.path(fields.message())).strip(), firstSeen, count, Cells.name(event));
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    /** "component, host", or the component alone when there is no host. */
    private static String source(String component, String instance) {
        return instance.isEmpty() ? component : component + ", " + instance;
    }
}
