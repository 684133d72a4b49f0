package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** v1 Endpoints: NAME ENDPOINTS AGE; ENDPOINTS lists up to three "ip:port", then "+ N more...". */
final class EndpointsTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Endpoints", Docs.ENDPOINTS_SUBSETS),
            Columns.AGE);

    private static final int MAX = 3;

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode endpoints, Instant now) {
        return List.of(Cells.name(endpoints), endpoints(endpoints.path("subsets")), Cells.age(endpoints, now));
    }

    static String endpoints(JsonNode subsets) {
        if (subsets.isEmpty()) {
            return Cells.NONE;
        }
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode subset : subsets) {
            JsonNode addresses = subset.path("addresses");
            if (subset.path("ports").isEmpty()) {
                // headless services may have no ports
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX) {
                        break;
                    }
                    list.add(Cells.text(address.path("ip")));
                }
                continue;
            }
            for (JsonNode port : subset.path("ports")) {
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX) {
                        break;
                    }
                    list.add(hostPort(Cells.text(address.path("ip")), Cells.integer(port.path("port"))));
                }
            }
        }
        String joined = String.join(",", list);
        return count > MAX ? joined + " + " + (count - MAX) + " more..." : joined;
    }

    /** net.JoinHostPort: IPv6 addresses in brackets. */
    private static String hostPort(String ip, long port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
