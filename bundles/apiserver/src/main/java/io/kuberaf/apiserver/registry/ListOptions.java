package io.kuberaf.apiserver.registry;

/**
 * The query of a list or watch.
 *
 * @param resourceVersion      "" (most recent), "0" (any) or a revision
 * @param resourceVersionMatch "", "Exact" or "NotOlderThan"
 * @param limit                page size, 0 for all
 * @param continueToken        from the previous page, or null
 */
public record ListOptions(LabelSelector labels, FieldSelector fields, String resourceVersion,
                          String resourceVersionMatch, long limit, String continueToken) {

    public static final ListOptions ALL = new ListOptions(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, "", "", 0, null);

    /** The same selectors, from the most recent revision, unpaged: what a watch's initial list needs. */
    public ListOptions selectorsOnly() {
        return new ListOptions(labels, fields, "", "", 0, null);
    }

    public boolean filters() {
        return !labels.isEverything() || !fields.isEverything();
    }
}
