package io.zabd.engine.log;

import io.zabd.engine.txn.RandomTxns;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The child process of {@link LogCrashTest}: opens (and so recovers) the log, then appends
 * deterministic transactions through a {@link GroupCommitLog} as fast as it accepts them and prints
 * each durable zxid the moment it is published, one line per write: {@code D <hex zxid> E}. The
 * parent kills it with SIGKILL at a random moment. Every {@link #PURGE_EVERY_RECORDS} records it asks
 * the writer to purge everything before the durable zxid, as a server does after a snapshot, so
 * purged segments are recycled (renamed to the spare and overwritten) while it is being killed.
 *
 * <p>Arguments: log directory, seed, force mode, number of records to append.
 */
public final class LogCrashChild {
    static final long SEGMENT_BYTES = 1024 * 1024;
    static final int RECORD_MAX = 64 * 1024;
    static final int PURGE_EVERY_RECORDS = 1_000;

    private LogCrashChild() {}

    static LogConfig config(Path dir, ForceMode mode) {
        return LogConfig.defaults(dir).withRecordPayloadBytesMax(RECORD_MAX).withSegmentSizeBytes(SEGMENT_BYTES)
                .withForceMode(mode).withQueueCapacity(1024).withStagingBufferBytes(256 * 1024);
    }

    /** The transaction logged at {@code zxid}: a function of the seed and the zxid alone. */
    static Txn txn(long seed, long zxid) {
        return new RandomTxns(seed * 1_000_003L + zxid).next(zxid);
    }

    /** The zxid after {@code zxid} in the child's history (epoch 1, counters 1, 2, 3, ...). */
    static long next(long zxid) {
        return zxid == 0 ? Zxid.of(1, 1) : zxid + 1;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        ForceMode mode = ForceMode.valueOf(args[2]);
        int records = Integer.parseInt(args[3]);
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        TxnLog log = TxnLog.open(config(dir, mode));
        emit(out, "OPEN " + Long.toHexString(log.lastZxid()) + " E");
        GroupCommitLog group = new GroupCommitLog(log, new DurabilityListener() {
            @Override
            public void onDurable(long zxid) {
                emit(out, "D " + Long.toHexString(zxid) + " E");
            }

            @Override
            public void onFailure(IOException cause) {
                emit(out, "F " + cause + " E");
            }
        }).start();
        IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
        long zxid = log.lastZxid();
        for (int i = 0; i < records; i++) {
            zxid = next(zxid);
            Txn txn = txn(seed, zxid);
            while (!group.offer(txn)) {
                idle.idle();
            }
            idle.reset();
            if (i % PURGE_EVERY_RECORDS == PURGE_EVERY_RECORDS - 1) {
                group.requestPurgeBefore(group.durableZxid());
            }
        }
        group.close();
        emit(out, "DONE " + Long.toHexString(zxid) + " E");
    }

    /** One write(2) per line, so a kill never splits a line that was reported. */
    private static synchronized void emit(FileOutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("parent went away", e);
        }
    }
}
