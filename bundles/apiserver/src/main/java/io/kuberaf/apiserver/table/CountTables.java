package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** The kinds printed as a count of their entries: ConfigMap (DATA), Secret (TYPE DATA), ServiceAccount (SECRETS). */
final class CountTables {

    private CountTables() {
    }

    /** v1 ConfigMap: NAME DATA AGE, DATA counting data and binaryData keys. */
    static final TableConvertor CONFIG_MAP = new TableConvertor() {
        private final List<Column> columns = List.of(Columns.NAME, Columns.string("Data", Docs.CONFIG_MAP_DATA), Columns.AGE);

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode configMap, Instant now) {
            return List.of(Cells.name(configMap),
                    (long) (configMap.path("data").size() + configMap.path("binaryData").size()), Cells.age(configMap, now));
        }
    };

    /** v1 Secret: NAME TYPE DATA AGE; the type defaults to Opaque. */
    static final TableConvertor SECRET = new TableConvertor() {
        private final List<Column> columns = List.of(Columns.NAME, Columns.string("Type", Docs.SECRET_TYPE),
                Columns.string("Data", Docs.SECRET_DATA), Columns.AGE);

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode secret, Instant now) {
            // stringData is merged into data on write by kube-apiserver; count both in case it was not
            int data = secret.path("data").size();
            if (secret.path("stringData").isObject()) {
                for (var it = secret.path("stringData").fieldNames(); it.hasNext(); ) {
                    if (!secret.path("data").has(it.next())) {
                        data++;
                    }
                }
            }
            return List.of(Cells.name(secret), Cells.textOr(secret.path("type"), "Opaque"), (long) data, Cells.age(secret, now));
        }
    };

    /** v1 ServiceAccount: NAME SECRETS AGE. */
    static final TableConvertor SERVICE_ACCOUNT = new TableConvertor() {
        private final List<Column> columns = List.of(Columns.NAME, Columns.string("Secrets", Docs.SERVICE_ACCOUNT_SECRETS),
                Columns.AGE);

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode account, Instant now) {
            return List.of(Cells.name(account), (long) account.path("secrets").size(), Cells.age(account, now));
        }
    };
}
