package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.kuberaf.apiserver.table.Cells.NONE;
import static io.kuberaf.apiserver.table.Cells.UNKNOWN;
import static io.kuberaf.apiserver.table.Cells.text;

/**
 * v1 Node: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
 * STATUS is Ready/NotReady/Unknown, with ",SchedulingDisabled" when cordoned; ROLES come from the
 * node-role.kubernetes.io/&lt;role&gt; and kubernetes.io/role labels.
 */
final class NodeTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Status", "The status of the node"),
            Columns.string("Roles", "The roles of the node"),
            Columns.AGE,
            Columns.string("Version", Docs.NODE_SYSTEM_INFO_KUBELET_VERSION),
            Columns.wide("Internal-IP", Docs.NODE_STATUS_ADDRESSES),
            Columns.wide("External-IP", Docs.NODE_STATUS_ADDRESSES),
            Columns.wide("OS-Image", Docs.NODE_SYSTEM_INFO_OS_IMAGE),
            Columns.wide("Kernel-Version", Docs.NODE_SYSTEM_INFO_KERNEL_VERSION),
            Columns.wide("Container-Runtime", Docs.NODE_SYSTEM_INFO_CONTAINER_RUNTIME_VERSION));

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode node, Instant now) {
        JsonNode status = node.path("status");
        JsonNode info = status.path("nodeInfo");
        List<String> states = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode condition : status.path("conditions")) {
            if ("Ready".equals(text(condition.path("type")))) {
                ready = condition; // the last one wins, as in the printer's condition map
            }
        }
        if (ready != null) {
            states.add("True".equals(text(ready.path("status"))) ? "Ready" : "NotReady");
        } else {
            states.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            states.add("SchedulingDisabled");
        }
        String roles = String.join(",", roles(node.path("metadata").path("labels")));
        return List.of(Cells.name(node), String.join(",", states), roles.isEmpty() ? NONE : roles, Cells.age(node, now),
                text(info.path("kubeletVersion")),
                address(status, "InternalIP"), address(status, "ExternalIP"),
                Cells.textOr(info.path("osImage"), UNKNOWN), Cells.textOr(info.path("kernelVersion"), UNKNOWN),
                Cells.textOr(info.path("containerRuntimeVersion"), UNKNOWN));
    }

    private static TreeSet<String> roles(JsonNode labels) {
        TreeSet<String> roles = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (label.getKey().startsWith(ROLE_PREFIX)) {
                String role = label.getKey().substring(ROLE_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (label.getKey().equals(ROLE_LABEL) && !text(label.getValue()).isEmpty()) {
                roles.add(text(label.getValue()));
            }
        }
        return roles;
    }

    /** The first address of that type, else "&lt;none&gt;". */
    private static String address(JsonNode status, String type) {
        for (JsonNode address : status.path("addresses")) {
            if (type.equals(text(address.path("type")))) {
                return text(address.path("address"));
            }
        }
        return NONE;
    }
}
