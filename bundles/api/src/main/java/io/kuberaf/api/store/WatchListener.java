package io.kuberaf.api.store;

/**
 * Receives a watch's events. Calls for one watch are serial and in revision order; they run on a
 * store thread shared with other watches, so implementations hand events off and never block.
 */
public interface WatchListener {

    void onEvent(WatchEvent event);

    /**
     * The watch ended because of an error (for example the watcher fell too far behind); no more
     * events follow. A watcher that wants to continue re-lists and watches from a new revision.
     */
    default void onClose(StoreException cause) {
    }
}
