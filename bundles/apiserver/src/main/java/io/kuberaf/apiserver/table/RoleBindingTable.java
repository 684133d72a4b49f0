package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.kuberaf.apiserver.table.Cells.text;

/** rbac/v1 RoleBinding and ClusterRoleBinding: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. */
final class RoleBindingTable implements TableConvertor {

    static final RoleBindingTable ROLE_BINDING = new RoleBindingTable("roleBinding", Docs.ROLE_BINDING_ROLE_REF);
    static final RoleBindingTable CLUSTER_ROLE_BINDING = new RoleBindingTable("clusterRoleBinding",
            Docs.CLUSTER_ROLE_BINDING_ROLE_REF);

    private final List<Column> columns;

    private RoleBindingTable(String what, String roleRefDoc) {
        columns = List.of(Columns.NAME,
                Columns.string("Role", roleRefDoc),
                Columns.AGE,
                Columns.wide("Users", "Users in the " + what),
                Columns.wide("Groups", "Groups in the " + what),
                Columns.wide("ServiceAccounts", "ServiceAccounts in the " + what));
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode binding, Instant now) {
        JsonNode roleRef = binding.path("roleRef");
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode subject : binding.path("subjects")) {
            switch (text(subject.path("kind"))) {
                case "ServiceAccount" -> serviceAccounts.add(text(subject.path("namespace")) + "/" + text(subject.path("name")));
                case "User" -> users.add(text(subject.path("name")));
                case "Group" -> groups.add(text(subject.path("name")));
                default -> { }
            }
        }
        return List.of(Cells.name(binding), text(roleRef.path("kind")) + "/" + text(roleRef.path("name")),
                Cells.age(binding, now), String.join(", ", users), String.join(", ", groups),
                String.join(", ", serviceAccounts));
    }
}
