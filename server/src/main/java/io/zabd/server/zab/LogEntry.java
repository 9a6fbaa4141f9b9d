package io.zabd.server.zab;

import java.util.Objects;

/** One transaction of the replicated log: its zxid and the opaque transaction bytes. */
public record LogEntry(long zxid, byte[] txn) {
    public LogEntry {
        Objects.requireNonNull(txn, "txn");
    }
}
