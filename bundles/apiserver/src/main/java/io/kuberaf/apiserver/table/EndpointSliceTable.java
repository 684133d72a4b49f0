package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** discovery.k8s.io/v1 EndpointSlice: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
final class EndpointSliceTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("AddressType", Docs.ENDPOINT_SLICE_ADDRESS_TYPE),
            Columns.string("Ports", Docs.ENDPOINT_SLICE_PORTS),
            Columns.string("Endpoints", Docs.ENDPOINT_SLICE_ENDPOINTS),
            Columns.AGE);

    private static final int MAX = 3;

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode slice, Instant now) {
        return List.of(Cells.name(slice), Cells.text(slice.path("addressType")), ports(slice.path("ports")),
                endpoints(slice.path("endpoints")), Cells.age(slice, now));
    }

    /** Up to three port numbers (or names, or "*"), "&lt;unset&gt;" when there are none. */
    private static String ports(JsonNode ports) {
        List<String> list = new ArrayList<>();
        for (JsonNode port : ports) {
            if (list.size() < MAX) {
                String number = "*";
                if (port.path("port").isNumber()) {
                    number = Long.toString(port.path("port").asLong());
                } else if (Cells.present(port.path("name"))) {
                    number = Cells.text(port.path("name"));
                }
                list.add(number);
            }
        }
        return Cells.listWithMore(list, ports.size(), MAX, Cells.UNSET);
    }

    private static String endpoints(JsonNode endpoints) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode endpoint : endpoints) {
            for (JsonNode address : endpoint.path("addresses")) {
                if (list.size() < MAX) {
                    list.add(Cells.text(address));
                }
                count++;
            }
        }
        return Cells.listWithMore(list, count, MAX, Cells.UNSET);
    }
}
