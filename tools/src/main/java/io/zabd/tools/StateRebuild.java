package io.zabd.tools;

import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.LogScan;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time travel with the engine's own parts: the newest snapshot (checkpoint or live store) at or
 * before the target zxid, loaded by {@link DataTree#loader} (digest checked), then the log records
 * after it up to the target applied with {@link DataTree#apply}, read through the engine's read-only
 * scan ({@link TxnLog#verify} / {@link LogScan#readFrom}). Refuses when no snapshot is old enough or
 * when the log does not cover the range without a hole.
 */
final class StateRebuild {
    /** The target zxid meaning "everything the log holds". */
    static final long LATEST = Long.MAX_VALUE;

    private StateRebuild() {}

    /**
     * @param base     the snapshot started from
     * @param baseZxid its zxid
     * @param replayed log records applied after it
     */
    record Rebuilt(DataTree tree, Trees.Store base, long baseZxid, long replayed) {
        long zxid() {
            return Math.max(baseZxid, tree.lastProcessedZxid());
        }
    }

    static Rebuilt at(Path dataDir, Path dataLogDir, long target, boolean extendedTypes, int recordBytesMax)
            throws IOException {
        Trees.Store base = null;
        long baseZxid = SnapshotStore.NONE;
        StringBuilder seen = new StringBuilder();
        for (Trees.Store s : Trees.stores(dataDir)) {
            long z = Trees.lastZxid(s.path());
            seen.append(seen.length() == 0 ? "" : ", ").append(s.name()).append(" at ")
                    .append(z == SnapshotStore.NONE ? "none" : Zxid.toHex(z));
            if (z != SnapshotStore.NONE && Long.compareUnsigned(z, target) <= 0 && (base == null || z > baseZxid)) {
                base = s;
                baseZxid = z;
            }
        }
        if (base == null) {
            throw new ToolException("no snapshot at or before zxid " + Zxid.toHex(target) + " in " + Trees.storeDir(dataDir)
                    + " (snapshots: " + seen + ")");
        }
        DataTree tree = Trees.load(base.path(), extendedTypes);
        Path segments = LogDirs.segmentsOf(dataLogDir);
        if (!Files.isDirectory(segments)) {
            throw new ToolException("no such log directory: " + segments);
        }
        LogScan scan = TxnLog.verify(segments, recordBytesMax);
        long replayed = replay(scan, tree, baseZxid, target, recordBytesMax);
        long reached = Math.max(baseZxid, tree.lastProcessedZxid());
        if (target != LATEST && reached < target && scan.lastZxid() < target) {
            throw new ToolException("the log in " + segments + " ends at " + Zxid.toHex(scan.lastZxid())
                    + (scan.corrupt() ? " (valid records stop at damage: run 'log verify')" : "")
                    + ", before the requested zxid " + Zxid.toHex(target));
        }
        return new Rebuilt(tree, base, baseZxid, replayed);
    }

    private static long replay(LogScan scan, DataTree tree, long baseZxid, long target, int recordBytesMax)
            throws IOException {
        long previous = baseZxid;
        long count = 0;
        try (LogCursor c = scan.readFrom(baseZxid + 1, recordBytesMax)) {
            while (c.next() && Long.compareUnsigned(c.zxid(), target) <= 0) {
                long zxid = c.zxid();
                boolean sameEpoch = Zxid.epoch(zxid) == Zxid.epoch(previous);
                if (sameEpoch && Zxid.counter(zxid) != Zxid.counter(previous) + 1 && !(previous == 0 && count == 0)) {
                    throw new ToolException("the log does not cover the range: " + Zxid.toHex(zxid) + " follows "
                            + Zxid.toHex(previous) + (count == 0 ? " (the snapshot's zxid)" : "")
                            + " in the same epoch; the records between are missing (purged or lost)");
                }
                Txn txn = c.txn();
                tree.apply(txn);
                previous = zxid;
                count++;
            }
        }
        return count;
    }
}
