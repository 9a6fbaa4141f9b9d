package io.zabd.engine.log;

import static io.zabd.engine.log.LogTesting.appendAll;
import static io.zabd.engine.log.LogTesting.assertReadsFrom;
import static io.zabd.engine.log.LogTesting.history;
import static io.zabd.engine.log.LogTesting.smallConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.log.LogTesting.Entry;
import io.zabd.engine.txn.RandomTxns;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants.InvariantViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Goal: what is appended and forced reads back exactly, from any zxid, across segments and reopens, in both force modes. */
class TxnLogRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void randomTxnsRoundTripAcrossSegmentsAndReopen(ForceMode mode) throws Exception {
        Random random = new Random(42);
        List<Entry> entries = new ArrayList<>(history(7, 6000, 0));
        LogConfig config = smallConfig(dir, mode);
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, entries, random);
            assertTrue(log.segmentCount() > 5, "rolled into many segments: " + log.segmentCount());
            assertEquals(entries.get(entries.size() - 1).zxid(), log.durableZxid());
            checkReads(log, entries, random);
        }
        try (TxnLog log = TxnLog.open(config.withForceMode(mode == ForceMode.MAPPED ? ForceMode.CHANNEL : ForceMode.MAPPED))) {
            assertTrue(log.recoveryReport().clean(), () -> "clean close leaves nothing to repair: " + log.recoveryReport());
            checkReads(log, entries, random);
            List<Entry> more = history(8, 500, log.lastZxid());
            appendAll(log, more, random);
            entries.addAll(more);
            checkReads(log, entries, random);
        }
        try (TxnLog log = TxnLog.open(config)) {
            checkReads(log, entries, random);
            assertEquals(entries.size(), TxnLog.verify(dir, config.recordPayloadBytesMax()).recordCount());
        }
    }

    private static void checkReads(TxnLog log, List<Entry> entries, Random random) throws Exception {
        assertReadsFrom(log, 0, entries);
        assertReadsFrom(log, entries.get(entries.size() - 1).zxid() + 1, entries);
        for (int i = 0; i < 20; i++) {
            Entry e = entries.get(random.nextInt(entries.size()));
            assertReadsFrom(log, random.nextBoolean() ? e.zxid() : e.zxid() + 1, entries);
        }
        try (Stream<Path> files = Files.list(log.config().directory())) {
            for (Path p : files.toList()) {
                long first = LogFormat.parseSegmentName(p.getFileName().toString());
                assertTrue(first > 0, "only segment files in the directory: " + p);
                assertReadsFrom(log, first, entries);
                assertReadsFrom(log, first - 1, entries);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void txnDecodeHelperReturnsTheAppendedTransaction(ForceMode mode) throws Exception {
        RandomTxns gen = new RandomTxns(3);
        List<Txn> txns = new ArrayList<>();
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            for (int i = 1; i <= 200; i++) {
                Txn t = gen.next(Zxid.of(2, i));
                if (TxnCodec.toBytes(t).length <= LogTesting.SMALL_RECORD_MAX) {
                    txns.add(t);
                    log.append(t);
                }
            }
            log.force();
            try (LogCursor c = log.readFrom(0)) {
                for (Txn t : txns) {
                    assertTrue(c.next());
                    assertArrayEquals(TxnCodec.toBytes(t), TxnCodec.toBytes(c.txn()));
                }
                assertFalse(c.next());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void rollUsesTheSegmentPreparedAhead(ForceMode mode) throws Exception {
        LogConfig config = smallConfig(dir, mode);
        List<Entry> entries = new ArrayList<>(history(13, 1500, 0));
        Path spare = dir.resolve(LogFormat.SPARE_NAME);
        try (TxnLog log = TxnLog.open(config)) {
            assertFalse(log.prepareNextSegment(1024), "nothing to prepare before the first segment exists");
            appendAll(log, entries.subList(0, 10), new Random(1));
            int steps = 0;
            while (log.prepareNextSegment(16 * 1024)) {
                steps++;
                assertTrue(steps <= 100, "a bounded number of steps");
            }
            assertEquals(LogTesting.SMALL_SEGMENT_BYTES / (16 * 1024), steps);
            assertTrue(log.nextSegmentReady());
            assertEquals(LogTesting.SMALL_SEGMENT_BYTES, Files.size(spare));
            int segments = log.segmentCount();
            int i = 10;
            while (log.segmentCount() == segments) {
                Entry e = entries.get(i++);
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                log.force();
            }
            assertFalse(log.nextSegmentReady(), "the spare became the new segment");
            assertFalse(Files.exists(spare));
            assertTrue(Files.exists(dir.resolve(LogFormat.segmentName(entries.get(i - 1).zxid()))));
            appendAll(log, entries.subList(i, entries.size()), new Random(2));
            assertReadsFrom(log, 0, entries);
            log.prepareNextSegment(1024);
            assertTrue(Files.exists(spare));
        }
        assertFalse(Files.exists(spare), "close deletes a spare that was not used");
        try (TxnLog log = TxnLog.open(config)) {
            assertTrue(log.recoveryReport().clean(), () -> log.recoveryReport().toString());
            assertReadsFrom(log, 0, entries);
        }
    }

    @Test
    void readersSeeOnlyForcedRecords() throws Exception {
        try (TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.MAPPED))) {
            byte[] payload = new byte[100];
            log.append(Zxid.of(1, 1), new UnsafeBuffer(payload), 0, payload.length);
            log.force();
            log.append(Zxid.of(1, 2), new UnsafeBuffer(payload), 0, payload.length);
            assertEquals(Zxid.of(1, 2), log.lastZxid());
            assertEquals(Zxid.of(1, 1), log.durableZxid());
            try (LogCursor c = log.readFrom(0)) {
                assertTrue(c.next());
                assertEquals(Zxid.of(1, 1), c.zxid());
                assertFalse(c.next(), "the unforced record is not visible");
            }
        }
    }

    @Test
    void appendRejectsZxidOutOfOrderAndOversizedPayloads() throws Exception {
        try (TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.CHANNEL))) {
            UnsafeBuffer b = new UnsafeBuffer(new byte[LogTesting.SMALL_RECORD_MAX + 1]);
            log.append(Zxid.of(1, 5), b, 0, 10);
            assertThrows(InvariantViolation.class, () -> log.append(Zxid.of(1, 5), b, 0, 10));
            assertThrows(InvariantViolation.class, () -> log.append(Zxid.of(1, 4), b, 0, 10));
            assertThrows(IllegalArgumentException.class, () -> log.append(Zxid.of(1, 6), b, 0, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> log.append(Zxid.of(1, 6), b, 0, LogTesting.SMALL_RECORD_MAX + 1));
            log.append(Zxid.of(1, 6), b, 0, LogTesting.SMALL_RECORD_MAX);
            assertEquals(Zxid.of(1, 6), log.force());
        }
    }

    @Test
    void forceSyncOffStillWritesAndReadsBack() throws Exception {
        List<Entry> entries = history(11, 1000, 0);
        LogConfig config = smallConfig(dir, ForceMode.MAPPED).withForceSync(false);
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, entries, new Random(1));
        }
        try (TxnLog log = TxnLog.open(config)) {
            assertReadsFrom(log, 0, entries);
        }
    }

    @Test
    void configLimitsAreValidated() {
        LogConfig base = LogConfig.defaults(dir);
        assertThrows(IllegalArgumentException.class, () -> base.withSegmentSizeBytes(1024));
        assertThrows(IllegalArgumentException.class, () -> base.withSegmentSizeBytes(LogConfig.SEGMENT_SIZE_BYTES_MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> base.withSegmentSizeBytes(1024 * 1024),
                "a segment must hold one record of recordPayloadBytesMax");
        assertThrows(IllegalArgumentException.class, () -> base.withQueueCapacity(1));
        assertThrows(IllegalArgumentException.class, () -> base.withRecordPayloadBytesMax(0));
        assertEquals("log.0000000100000001", LogFormat.segmentName(Zxid.of(1, 1)));
        assertEquals(Zxid.of(1, 1), LogFormat.parseSegmentName("log.0000000100000001"));
        assertEquals(-1, LogFormat.parseSegmentName("log.100000001"));
    }
}
