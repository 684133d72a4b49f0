package io.kuberaf.api.store;

import java.util.Optional;

/**
 * The cluster state: a sorted key-value store with etcd's guarantees. Keys look like
 * {@code /registry/<group>/<resource>/<namespace>/<name>}; values are opaque bytes.
 *
 * <ul>
 *   <li>Every successful write (create, update, delete, expiry) gets the next value of one global,
 *       strictly increasing revision, shared by all members of the store.</li>
 *   <li>Updates and deletes can be guarded by the key's expected modification revision
 *       (compare-and-swap).</li>
 *   <li>A watch from revision R delivers every later change under its prefix exactly once, in
 *       revision order, until it is closed.</li>
 *   <li>History older than the compacted revision is gone: reads and watches that need it fail with
 *       {@link CompactedException}.</li>
 *   <li>An acknowledged write survives a crash of the process, and of one member when the store
 *       keeps backups.</li>
 * </ul>
 *
 * Reads of the current state are linearizable: they see every write acknowledged before they began.
 */
public interface ResourceStore {

    /** The revision of the latest acknowledged write. */
    long currentRevision();

    /** The highest revision whose history has been dropped (0 when nothing was compacted). */
    long compactedRevision();

    /** The current value of a key. */
    Optional<KeyValue> get(String key);

    /**
     * Keys starting with {@code prefix}, ascending, at one consistent revision.
     *
     * @param prefix   key prefix; {@code ""} lists everything
     * @param startAfter list keys strictly greater than this one ({@code null} from the start);
     *                 the {@link ListResult#continueKey()} of the previous page
     * @param limit    at most this many keys; 0 or less means no limit
     * @param revision read at this revision; 0 means the current one. Pages of one list pass the
     *                 first page's {@link ListResult#revision()}.
     * @throws CompactedException       when {@code revision} is compacted
     * @throws FutureRevisionException  when {@code revision} is beyond the current revision
     */
    ListResult list(String prefix, String startAfter, int limit, long revision);

    /** Count of keys under a prefix at the current revision. */
    long count(String prefix);

    /**
     * Creates a key that must not exist.
     *
     * @param ttlSeconds delete the key automatically after this many seconds; 0 for never
     * @throws KeyExistsException when the key exists
     */
    KeyValue create(String key, byte[] value, long ttlSeconds);

    /**
     * Replaces the value of an existing key.
     *
     * @param expectedModRevision the key's current {@link KeyValue#modRevision()}, or 0 to write
     *                            whatever it is
     * @param ttlSeconds          new time-to-live from now; 0 for never
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException    when the key's modification revision is not the expected one
     */
    KeyValue update(String key, byte[] value, long expectedModRevision, long ttlSeconds);

    /**
     * Deletes a key.
     *
     * @param expectedModRevision as for {@link #update}
     * @return the deleted key's last value; its revision of deletion is {@link #currentRevision()}
     *         at the time, reported to watchers
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException    when the key's modification revision is not the expected one
     */
    WatchEvent delete(String key, long expectedModRevision);

    /**
     * Watches keys starting with {@code prefix} for changes after {@code afterRevision}.
     * Changes in ({@code afterRevision}, now] are replayed first.
     *
     * @param afterRevision deliver changes with a revision greater than this; 0 means from now
     * @throws CompactedException when changes after {@code afterRevision} are no longer kept
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Drops the history at or below {@code revision}; the latest value of every key is kept.
     *
     * @return the compacted revision after the call (never lower than before)
     */
    long compact(long revision);

    /** Members, revisions, key count, persistence and size, for operators. */
    StoreStatus status();
}
