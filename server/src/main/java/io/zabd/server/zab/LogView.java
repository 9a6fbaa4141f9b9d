package io.zabd.server.zab;

import java.util.List;

/**
 * What the ZAB core reads from the peer's transaction log. The view must reflect every
 * {@link LogOp} of the {@link Ready} batches already handed out (appended, truncated or replaced by
 * a snapshot), whether or not they are durable yet: the caller executes a batch's log operations
 * before giving the core its next input.
 *
 * <p>The log starts after a base: the zxid of the snapshot it continues (0 for an empty history).
 * Entries at or below the base are not readable.
 */
public interface LogView {
    /** The last zxid in the log, or {@link #baseZxid()} when it holds no entry. */
    long lastZxid();

    /** The zxid of the snapshot the log continues; entries at or below it are gone. */
    long baseZxid();

    /** True if an entry with this zxid is in the log, or {@code zxid == baseZxid()}. */
    boolean contains(long zxid);

    /** The largest zxid at or below {@code zxid} among the entries and the base; -1 if below the base. */
    long floorZxid(long zxid);

    /** Up to {@code maxEntries} entries with a zxid above {@code afterZxid}, in zxid order. */
    List<LogEntry> readAfter(long afterZxid, int maxEntries);
}
