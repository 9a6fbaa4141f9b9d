package io.zabd.engine.snapshot;

/**
 * What the apply stage hands to the {@link SnapshotWriter}: a {@link SnapshotDelta} already built,
 * or the changes the tree recorded ({@link RecordedChanges}), whose lists are built by
 * {@link #toDelta()} on the thread that needs them (the writer's), so the apply thread's share of a
 * snapshot stays O(1).
 */
public interface DeltaSource {
    /** zxid of the last transaction the changes include. */
    long zxid();

    /** Tree digest at {@link #zxid()}. */
    long digest();

    /** Whether the changes replace everything the store holds. */
    boolean full();

    /** Number of node, ACL and session changes; O(1). */
    int changeCount();

    /** The changes as a delta; built on each call where not already one (O(changes)). */
    SnapshotDelta toDelta();
}
