package io.zabd.server.zab;

import java.util.List;
import java.util.Objects;

/**
 * A request to the peer's log writer. Operations carry a sequence number that increases by one per
 * operation for the life of a {@link ZabPeer}; the writer executes them in that order and reports
 * with {@link ZabPeer#onDurable(long)} the highest sequence number whose effect is durable (forced
 * to stable storage). Durability is cumulative: reporting {@code seq} means every earlier operation
 * is durable too.
 */
public sealed interface LogOp permits LogOp.Append, LogOp.Truncate, LogOp.InstallSnapshot {
    long seq();

    /** The zxid the log ends at once this operation is done. */
    long endZxid();

    /** Append one transaction after the current end of the log. */
    record Append(long seq, long zxid, byte[] txn) implements LogOp {
        public Append {
            Objects.requireNonNull(txn, "txn");
        }

        @Override
        public long endZxid() {
            return zxid;
        }
    }

    /** TRUNC: discard every entry above {@code zxid}; the log then ends at {@code zxid}. */
    record Truncate(long seq, long zxid) implements LogOp {
        @Override
        public long endZxid() {
            return zxid;
        }
    }

    /**
     * SNAP: atomically replace the whole local state by the leader's snapshot at {@code zxid}
     * (streamed after the SNAP packet from {@code leaderId}) and the log by {@code entries}, the
     * proposals that followed it up to NEWLEADER. Atomic because a peer must never be left, after a
     * crash, with the snapshot but without proposals it held before (committed ones among them).
     */
    record InstallSnapshot(long seq, long zxid, long leaderId, List<LogEntry> entries) implements LogOp {
        public InstallSnapshot {
            entries = List.copyOf(entries);
        }

        @Override
        public long endZxid() {
            return entries.isEmpty() ? zxid : entries.get(entries.size() - 1).zxid();
        }
    }
}
