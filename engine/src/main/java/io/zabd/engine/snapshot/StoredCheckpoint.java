package io.zabd.engine.snapshot;

import java.nio.file.Path;

/**
 * A retained snapshot: a RocksDB checkpoint (hard-linked copy of the store's files) holding the
 * state at {@code zxid}, in directory {@code path} = {@code <dir>/checkpoints/<zxid, 16 hex digits>}.
 * Open it with {@link SnapshotStore#openReadOnly(Path)}.
 */
public record StoredCheckpoint(long zxid, Path path) {}
