package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** coordination.k8s.io/v1 Lease: NAME HOLDER AGE. */
final class LeaseTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Holder", Docs.LEASE_SPEC_HOLDER_IDENTITY),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode lease, Instant now) {
        return List.of(Cells.name(lease), Cells.text(lease.path("spec").path("holderIdentity")), Cells.age(lease, now));
    }
}
