package io.zabd.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.engine.txn.RandomTxns;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers for the log tests: small-segment configs, seeded histories, read-back checks. */
final class LogTesting {
    static final long SMALL_SEGMENT_BYTES = 128 * 1024;
    static final int SMALL_RECORD_MAX = 16 * 1024;

    private LogTesting() {}

    static LogConfig smallConfig(Path dir, ForceMode mode) {
        return LogConfig.defaults(dir).withRecordPayloadBytesMax(SMALL_RECORD_MAX)
                .withSegmentSizeBytes(SMALL_SEGMENT_BYTES).withForceMode(mode).withStagingBufferBytes(64 * 1024);
    }

    /** One logged record as the test expects to read it back. */
    record Entry(long zxid, byte[] bytes) {}

    /** Seeded history: increasing zxids with random gaps and an epoch change now and then. */
    static List<Entry> history(long seed, int count, long startAfter) {
        Random random = new Random(seed);
        RandomTxns txns = new RandomTxns(seed);
        List<Entry> out = new ArrayList<>(count);
        long epoch = Math.max(1, Zxid.epoch(startAfter));
        long counter = Zxid.epoch(startAfter) == epoch ? Zxid.counter(startAfter) : 0;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(500) == 0) {
                epoch++;
                counter = 0;
            }
            counter += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
            Txn txn = txns.next(Zxid.of(epoch, counter));
            byte[] bytes = TxnCodec.toBytes(txn);
            if (bytes.length > SMALL_RECORD_MAX) {
                i--;
                continue;
            }
            out.add(new Entry(txn.zxid(), bytes));
        }
        return out;
    }

    /** Appends the entries, forcing at random batch boundaries and at the end. */
    static void appendAll(TxnLog log, List<Entry> entries, Random random) throws IOException {
        for (Entry e : entries) {
            log.append(e.zxid(), new org.agrona.concurrent.UnsafeBuffer(e.bytes()), 0, e.bytes().length);
            if (random.nextInt(20) == 0) {
                log.force();
            }
        }
        log.force();
    }

    /** Reads every record from {@code fromZxid} and checks it is exactly the expected suffix. */
    static void assertReadsFrom(TxnLog log, long fromZxid, List<Entry> expected) throws IOException {
        List<Entry> want = expected.stream().filter(e -> e.zxid() >= fromZxid).toList();
        int i = 0;
        try (LogCursor cursor = log.readFrom(fromZxid)) {
            while (cursor.next()) {
                if (i >= want.size()) {
                    throw new AssertionError("extra record zxid " + Zxid.toHex(cursor.zxid()) + " reading from "
                            + Zxid.toHex(fromZxid));
                }
                Entry e = want.get(i++);
                assertEquals(e.zxid(), cursor.zxid(), "zxid of record " + i + " from " + Zxid.toHex(fromZxid));
                assertArrayEquals(e.bytes(), cursor.payloadBytes(), "bytes of " + Zxid.toHex(e.zxid()));
            }
        }
        assertEquals(want.size(), i, "records read from " + Zxid.toHex(fromZxid));
    }
}
