package io.zabd.tools.zk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the transaction logs of a ZooKeeper {@code dataLogDir/version-2} in replay order, the way
 * ZooKeeper does after loading a snapshot at zxid S: take the newest log file whose start zxid is
 * &lt;= S (it may hold S+1) and every later file, in zxid order, and hand on each txn with zxid &gt; S.
 *
 * <p>A file ends at its zero-filled preallocated tail. A partial entry ends that file (ZooKeeper
 * logs "Last transaction was partial" and moves on); it is reported in {@link Result#partialTails}.
 * Zxids must increase strictly across the whole replay; anything else is an error.
 */
public final class ZkTxnLogs {
    private ZkTxnLogs() {}

    /** Receives each replayed entry. */
    @FunctionalInterface
    public interface EntryHandler {
        void onEntry(ZkLogEntry entry) throws IOException;
    }

    /** Where a log file ended early on a partial transaction. */
    public record PartialTail(Path file, long offset) {}

    /**
     * @param lastZxid zxid of the last txn handed on, or the start zxid when there was none
     * @param txnCount how many were handed on
     * @param partialTails files that ended with a partial transaction (normally at most the last)
     */
    public record Result(long lastZxid, long txnCount, List<PartialTail> partialTails) {}

    /** ZooKeeper's choice of log files for a snapshot at {@code snapZxid}, in ascending zxid order. */
    public static List<Path> logFilesFor(Path logVersionDir, long snapZxid) throws IOException {
        List<Path> files = ZkFiles.sortedByZxid(logVersionDir, ZkFiles.LOG_PREFIX, true);
        long startOfChosen = 0;
        for (Path f : files) {
            long start = startZxid(f);
            if (start > snapZxid) {
                break;
            }
            startOfChosen = Math.max(startOfChosen, start);
        }
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (startZxid(f) >= startOfChosen) {
                out.add(f);
            }
        }
        return out;
    }

    private static long startZxid(Path f) {
        return ZkFiles.zxidFromName(f.getFileName().toString(), ZkFiles.LOG_PREFIX);
    }

    /** Hands on every txn with zxid &gt; {@code afterZxid}, in order. */
    public static Result replay(Path logVersionDir, long afterZxid, ZkLimits limits, EntryHandler handler)
            throws IOException {
        long last = afterZxid;
        long previousSeen = -1;
        long count = 0;
        List<PartialTail> partial = new ArrayList<>();
        for (Path f : logFilesFor(logVersionDir, afterZxid)) {
            try (ZkTxnLogReader reader = ZkTxnLogReader.open(f, limits)) {
                ZkLogEntry e;
                while ((e = reader.next()) != null) {
                    if (e.zxid() <= previousSeen) {
                        throw new ZkFormatException(f, e.offset(), "zxid 0x" + Long.toHexString(e.zxid())
                                + " does not follow 0x" + Long.toHexString(previousSeen));
                    }
                    previousSeen = e.zxid();
                    if (e.zxid() <= afterZxid) {
                        continue;
                    }
                    handler.onEntry(e);
                    last = e.zxid();
                    count++;
                }
                if (reader.end() == ZkTxnLogReader.End.PARTIAL) {
                    partial.add(new PartialTail(f, reader.endOffset()));
                }
            }
        }
        return new Result(last, count, List.copyOf(partial));
    }
}
