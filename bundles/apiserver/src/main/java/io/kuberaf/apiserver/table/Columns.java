package io.kuberaf.apiserver.table;

import io.kuberaf.apiserver.table.TableConvertor.Column;

/** The columns many printers share. */
final class Columns {

    private Columns() {
    }

    static final Column NAME = Column.nameColumn();
    static final Column AGE = Column.of("Age", "string", Docs.OBJECT_META_CREATION_TIMESTAMP);
    static final Column WIDE_CONTAINERS = Column.wide("Containers", "string", Docs.CONTAINERS);
    static final Column WIDE_IMAGES = Column.wide("Images", "string", Docs.IMAGES);

    static Column string(String name, String description) {
        return Column.of(name, "string", description);
    }

    static Column integer(String name, String description) {
        return Column.of(name, "integer", description);
    }

    static Column wide(String name, String description) {
        return Column.wide(name, "string", description);
    }
}
