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
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: damage at the tail (file cut, garbage, bit flips in the last record) is cut back to exactly
 * the whole records before it and nothing corrupt is ever returned; damage followed by valid records
 * refuses to open and names the file, the offset and the last good zxid. The read-only scan reports
 * the same findings and never modifies a file.
 */
class TxnLogTailFaultTest {
    private static final int SEEDS = 40;

    @TempDir
    Path root;

    /** Where each record sits on disk, read back with a cursor before the damage. */
    record Placed(Entry entry, Path file, int offset, int end) {}

    private List<Placed> writeLog(Path dir, long seed, int count) throws IOException {
        List<Entry> entries = history(seed, count, 0);
        try (TxnLog log = TxnLog.open(smallConfig(dir, seed % 2 == 0 ? ForceMode.MAPPED : ForceMode.CHANNEL))) {
            appendAll(log, entries, new Random(seed));
            List<Placed> placed = new ArrayList<>();
            try (LogCursor c = log.readFrom(0)) {
                int i = 0;
                while (c.next()) {
                    placed.add(new Placed(entries.get(i++), c.segmentPath(), c.recordOffset(),
                            c.payloadOffset() + c.payloadLength()));
                }
            }
            assertEquals(entries.size(), placed.size());
            return placed;
        }
    }

    @Test
    void tailDamageIsCutBackToTheLastWholeRecord() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(seed * 7919);
            Path dir = root.resolve("tail-" + seed);
            List<Placed> placed = writeLog(dir, seed, 300 + random.nextInt(600));
            Path last = placed.get(placed.size() - 1).file();
            int dataEnd = placed.get(placed.size() - 1).end();
            int damageAt;
            String how;
            switch ((int) (seed % 3)) {
                case 0 -> {
                    damageAt = random.nextInt(dataEnd + 1);
                    cut(last, damageAt);
                    how = "cut at " + damageAt;
                }
                case 1 -> {
                    damageAt = LogFormat.SEGMENT_HEADER_BYTES + random.nextInt(dataEnd - LogFormat.SEGMENT_HEADER_BYTES);
                    garble(last, damageAt, dataEnd + random.nextInt(200) - damageAt, random);
                    how = "garbage from " + damageAt;
                }
                default -> {
                    Placed lastRecord = placed.get(placed.size() - 1);
                    damageAt = lastRecord.offset();
                    flipBit(last, lastRecord.offset() + random.nextInt(lastRecord.end() - lastRecord.offset()), random);
                    how = "bit flip in the last record at " + damageAt;
                }
            }
            List<Entry> survivors = placed.stream()
                    .filter(p -> !p.file().equals(last) || p.end() <= damageAt).map(Placed::entry).toList();
            checkReadOnlyScanFindsTornTail(dir, survivors, how);
            LogConfig config = smallConfig(dir, ForceMode.MAPPED);
            try (TxnLog log = TxnLog.open(config)) {
                assertFalse(log.recoveryReport().clean(), "seed " + seed + " " + how + ": a repair is reported");
                assertReadsFrom(log, 0, survivors);
                List<Entry> more = history(seed + 1000, 50, log.lastZxid());
                appendAll(log, more, random);
                List<Entry> all = new ArrayList<>(survivors);
                all.addAll(more);
                assertReadsFrom(log, 0, all);
            }
            try (TxnLog log = TxnLog.open(config)) {
                assertTrue(log.recoveryReport().clean(), () -> "second open is clean: " + log.recoveryReport());
            }
        }
    }

    private void checkReadOnlyScanFindsTornTail(Path dir, List<Entry> survivors, String how) throws IOException {
        byte[][] before = snapshotFiles(dir);
        LogScan scan = TxnLog.verify(dir, LogTesting.SMALL_RECORD_MAX);
        assertFalse(scan.corrupt(), how + ": " + scan);
        assertFalse(scan.problems().isEmpty(), how + ": the damage is reported");
        assertEquals(survivors.size(), scan.recordCount(), how + ": " + scan);
        assertEquals(survivors.isEmpty() ? 0 : survivors.get(survivors.size() - 1).zxid(), scan.lastZxid());
        int read = 0;
        try (LogCursor cursor = scan.readFrom(0, LogTesting.SMALL_RECORD_MAX)) {
            while (cursor.next()) {
                assertEquals(survivors.get(read).zxid(), cursor.zxid(), how + ": read-only cursor");
                assertArrayEquals(survivors.get(read++).bytes(), cursor.payloadBytes());
            }
        }
        assertEquals(survivors.size(), read, how + ": the read-only cursor returns exactly the whole records");
        byte[][] after = snapshotFiles(dir);
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "the read-only scan modified nothing");
        }
    }

    @Test
    void bitFlipFollowedByValidRecordsRefusesToOpen() throws Exception {
        for (long seed = 1; seed <= SEEDS / 2; seed++) {
            Random random = new Random(seed * 104729);
            Path dir = root.resolve("mid-" + seed);
            List<Placed> placed = writeLog(dir, seed, 600 + random.nextInt(600));
            int victim = random.nextInt(placed.size() - 1);
            Placed p = placed.get(victim);
            flipBit(p.file(), p.offset() + random.nextInt(p.end() - p.offset()), random);
            long lastGood = victim == 0 ? 0 : placed.get(victim - 1).entry().zxid();

            LogScan scan = TxnLog.verify(dir, LogTesting.SMALL_RECORD_MAX);
            assertTrue(scan.corrupt(), "seed " + seed + ": " + scan);
            LogCorruptionException e = assertThrows(LogCorruptionException.class,
                    () -> TxnLog.open(smallConfig(dir, ForceMode.MAPPED)).close(), "seed " + seed);
            assertEquals(p.file(), e.file());
            assertEquals(p.offset(), e.offset(), "seed " + seed + ": " + e.getMessage());
            assertEquals(lastGood, e.lastGoodZxid(), e.getMessage());
            assertTrue(e.getMessage().contains(p.file().toString()) && e.getMessage().contains("offset " + p.offset())
                    && e.getMessage().contains(Zxid.toHex(lastGood)), e.getMessage());
            assertEquals(e.getMessage(), scan.firstCorruption().getMessage(), "the read-only scan says the same");
        }
    }

    @Test
    void halfCreatedAndEmptyTrailingSegmentsAreRemoved() throws Exception {
        Path dir = root.resolve("trailing");
        List<Entry> expected = new ArrayList<>(writeLog(dir, 3, 500).stream().map(Placed::entry).toList());
        long last = expected.get(expected.size() - 1).zxid();
        Files.write(dir.resolve(LogFormat.segmentName(last + 5) + LogFormat.TEMPORARY_SUFFIX), new byte[100]);
        byte[] big = new byte[LogTesting.SMALL_RECORD_MAX];
        long rolledAt;
        try (TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.CHANNEL))) {
            assertEquals(1, log.recoveryReport().filesDeleted());
            int segments = log.segmentCount();
            long zxid = last;
            do {
                zxid++;
                expected.add(new Entry(zxid, big));
                log.append(zxid, new org.agrona.concurrent.UnsafeBuffer(big), 0, big.length);
                log.force();
            } while (log.segmentCount() == segments);
            rolledAt = zxid;
            expected.remove(expected.size() - 1);
        }
        // a crash right after creating a segment leaves it with no durable record
        Path next = dir.resolve(LogFormat.segmentName(rolledAt));
        try (FileChannel ch = FileChannel.open(next, StandardOpenOption.WRITE)) {
            Segment.writeZeros(ch, LogFormat.SEGMENT_HEADER_BYTES, ch.size());
        }
        try (TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.MAPPED))) {
            assertEquals(1, log.recoveryReport().filesDeleted(), log.recoveryReport().toString());
            assertEquals(rolledAt - 1, log.lastZxid());
            assertReadsFrom(log, 0, expected);
        }
        assertFalse(Files.exists(next));
    }

    @Test
    void aLastRecordAboveALoweredLimitIsRefusedNotCutAway() throws Exception {
        Path dir = root.resolve("limit");
        List<Placed> placed = writeLog(dir, 5, 200);
        long next = placed.get(placed.size() - 1).entry().zxid() + 1;
        byte[] big = new byte[LogTesting.SMALL_RECORD_MAX];
        try (TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.CHANNEL))) {
            log.append(next, new org.agrona.concurrent.UnsafeBuffer(big), 0, big.length);
        }
        byte[][] before = snapshotFiles(dir);
        LogConfig lowered = smallConfig(dir, ForceMode.MAPPED).withRecordPayloadBytesMax(LogTesting.SMALL_RECORD_MAX / 2);
        LogCorruptionException e = assertThrows(LogCorruptionException.class, () -> TxnLog.open(lowered).close());
        assertTrue(e.getMessage().contains("above recordPayloadBytesMax"), e.getMessage());
        byte[][] after = snapshotFiles(dir);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "a durable record is never cut because of a configuration change");
        }
    }

    private static void cut(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Overwrites [at, at+length) with bytes that each differ from what was there. */
    private static void garble(Path file, int at, int length, Random random) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            ch.read(b, at);
            for (int i = 0; i < length; i++) {
                b.put(i, (byte) (b.get(i) ^ (1 + random.nextInt(255))));
            }
            b.clear();
            ch.write(b, at);
        }
    }

    private static void flipBit(Path file, int at, Random random) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8))));
            b.clear();
            ch.write(b, at);
        }
    }

    private static byte[][] snapshotFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            byte[][] out = new byte[sorted.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Files.readAllBytes(sorted.get(i));
            }
            return out;
        }
    }
}
