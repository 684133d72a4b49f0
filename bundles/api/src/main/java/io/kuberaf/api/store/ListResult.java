package io.kuberaf.api.store;

import java.util.List;

/**
 * One page of a prefix list, read at one revision.
 *
 * @param items     keys in ascending key order
 * @param revision  the revision the whole list is consistent at; pass it back to read the next page
 * @param continueKey the last key of this page when more keys follow, else {@code null}
 * @param remaining how many keys under the prefix follow this page at {@code revision}
 */
public record ListResult(List<KeyValue> items, long revision, String continueKey, long remaining) {

    public boolean hasMore() {
        return continueKey != null;
    }
}
