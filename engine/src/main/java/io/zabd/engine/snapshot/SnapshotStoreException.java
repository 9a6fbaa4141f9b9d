package io.zabd.engine.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The snapshot store could not do what was asked because of an operating condition: an I/O error,
 * a corrupt file (RocksDB checksum, MANIFEST or WAL damage, or a value that does not decode), or an
 * unsupported format. The message names the store directory, the operation and RocksDB's status.
 */
public final class SnapshotStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public SnapshotStoreException(Path directory, String operation, Throwable cause) {
        super("snapshot store " + directory + ": " + operation + " failed: " + describe(cause), cause);
    }

    public SnapshotStoreException(Path directory, String operation, String problem) {
        super("snapshot store " + directory + ": " + operation + " failed: " + problem);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof org.rocksdb.RocksDBException r && r.getStatus() != null) {
            return r.getStatus().getCodeString() + ": " + r.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
