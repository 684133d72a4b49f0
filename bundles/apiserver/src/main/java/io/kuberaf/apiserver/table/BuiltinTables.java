package io.kuberaf.apiserver.table;

/** The printers of the built-in kinds, with kubectl's columns. */
public final class BuiltinTables {

    private BuiltinTables() {
    }

    public static Tables create() {
        return new Tables();
    }
}
