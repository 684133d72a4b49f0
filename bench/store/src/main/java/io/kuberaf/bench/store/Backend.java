package io.kuberaf.bench.store;

import java.util.function.Consumer;

/**
 * One store under test, driven the same way for every backend. Every call is synchronous: it returns
 * when the store has acknowledged the operation (for writes: durably, as the store promises).
 */
interface Backend extends AutoCloseable {

    /** Column name in the table. */
    String name();

    /** One line for the table header: version and the settings that matter. */
    String description();

    /** Creates a key that does not exist yet (initial load). */
    void create(String key, byte[] value) throws Exception;

    /** Unconditionally overwrites an existing key (etcd Put; ResourceStore.update with expected revision 0). */
    void put(String key, byte[] value) throws Exception;

    /** Linearizable read of the current value, or null. */
    byte[] get(String key) throws Exception;

    /** All keys under the prefix in one call; returns how many. */
    int list(String prefix) throws Exception;

    /** All keys under the prefix in pages of {@code pageSize}, every page at the first page's revision; returns how many. */
    int listPaged(String prefix, int pageSize) throws Exception;

    /** Watches the prefix from now; every changed value (after the change) goes to {@code values}. */
    AutoCloseable watch(String prefix, Consumer<byte[]> values) throws Exception;

    @Override
    void close();
}
