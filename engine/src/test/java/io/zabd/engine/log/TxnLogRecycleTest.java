package io.zabd.engine.log;

import static io.zabd.engine.log.LogTesting.assertReadsFrom;
import static io.zabd.engine.log.LogTesting.history;
import static io.zabd.engine.log.LogTesting.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.log.LogTesting.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goal: segments recycled by purgeBefore (renamed to the spare, overwritten in place) never return a
 * stale record of their earlier life, even one with a valid CRC under its old salt sitting right at
 * the end of data; a torn tail and truncateAfter inside a recycled segment keep exactly the whole
 * records before them; a bad record followed by valid records of the segment's own salt is still
 * refused. Every case is checked again after a reopen.
 */
class TxnLogRecycleTest {
    private static final int CHUNK = 150;

    @TempDir
    Path dir;

    /** Appends in chunks, purging everything before the last zxid after each, until the active segment is recycled. */
    private List<Entry> writeUntilRecycled(TxnLog log, long seed) throws IOException {
        List<Entry> entries = history(seed, 6_000, 0);
        List<Entry> kept = new ArrayList<>();
        int recycledChunks = 0;
        for (int from = 0; from < entries.size() && recycledChunks < 6; from += CHUNK) {
            for (Entry e : entries.subList(from, Math.min(entries.size(), from + CHUNK))) {
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                kept.add(e);
            }
            log.force();
            log.purgeBefore(log.lastZxid());
            long first = log.firstZxid();
            kept.removeIf(e -> e.zxid() < first);
            recycledChunks += recycledFlag(activeScan().path()) ? 1 : 0;
        }
        assertTrue(recycledChunks > 0, "the active segment became a recycled one");
        return kept;
    }

    private SegmentScan activeScan() throws IOException {
        LogScan scan = TxnLog.verify(dir, LogTesting.SMALL_RECORD_MAX);
        return scan.segments().get(scan.lastSegmentWithRecords());
    }

    private static boolean recycledFlag(Path segment) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(LogFormat.SEGMENT_HEADER_BYTES);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ch.read(header, 0);
        }
        return LogFormat.recycled(new UnsafeBuffer(header.array()));
    }

    private static byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            Segment.writeFully(ch, ByteBuffer.wrap(bytes), offset);
            ch.force(true);
        }
    }

    /** A record that would be valid in a segment whose first zxid is {@code salt}. */
    private static byte[] recordWithSalt(long zxid, long salt, int payloadBytes) {
        byte[] out = new byte[LogFormat.recordBytes(payloadBytes)];
        UnsafeBuffer target = new UnsafeBuffer(out);
        byte[] payload = new byte[payloadBytes];
        java.util.Arrays.fill(payload, (byte) 0x5A);
        LogFormat.putRecord(target, ByteBuffer.wrap(out), 0, zxid, new UnsafeBuffer(payload), 0, payloadBytes, salt,
                new CRC32C());
        return out;
    }

    private long spareFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> LogFormat.isSpareName(f.getFileName().toString())).count();
        }
    }

    /**
     * Goal: a purge that drops several segments keeps at most recycledSegmentsMax of them (0: none) and
     * deletes the rest; the rolls that follow install the kept ones, so no new file is zero-filled
     * while one is kept; every record after the purge point reads back; close deletes the kept files,
     * and one left behind (as by a crash) is deleted by recovery and reported.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void purgedSegmentsAreKeptUpToTheLimitAndInstalledByLaterRolls(int max) throws Exception {
        LogConfig config = smallConfig(dir, ForceMode.CHANNEL).withRecycledSegmentsMax(max);
        List<Entry> entries = history(31, 8_000, 0);
        List<Entry> written = new ArrayList<>();
        int next = 0;
        try (TxnLog log = TxnLog.open(config)) {
            while (log.segmentCount() < 6) {
                Entry e = entries.get(next++);
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                log.force(); // publishes the segment count
                written.add(e);
            }
            log.force();
            long rollsInlineBefore = log.inlineSegmentCreations();
            int dropped = log.purgeBefore(log.lastZxid());
            assertTrue(dropped >= 4, "purge dropped " + dropped + " segments");
            assertEquals(Math.min(max, dropped), log.recycledSegmentsKept());
            assertEquals(Math.min(max, dropped), spareFiles(), "kept segments on disk, the others deleted");
            assertEquals(max > 0, log.nextSegmentReady());

            // roll `max` times: each roll installs a kept segment; one more roll has to zero-fill a new file
            for (int rolls = 0; rolls <= max; ) {
                int segments = log.segmentCount();
                Entry e = entries.get(next++);
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                log.force(); // publishes the segment count
                written.add(e);
                if (log.segmentCount() > segments) {
                    rolls++;
                    boolean installedKept = rolls <= max;
                    assertEquals(installedKept, recycledFlag(activeScan().path()), "roll " + rolls);
                    assertEquals(rollsInlineBefore + (installedKept ? 0 : 1), log.inlineSegmentCreations(),
                            "roll " + rolls + " zero-filled a file inline");
                    rollsInlineBefore = log.inlineSegmentCreations();
                }
            }
            assertEquals(0, log.recycledSegmentsKept());
            log.force();
            assertReadsFrom(log, log.firstZxid(), written);

            // keep two more, then close: the kept files are deleted
            while (log.segmentCount() < 4) {
                Entry e = entries.get(next++);
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                log.force(); // publishes the segment count
            }
            log.force();
            log.purgeBefore(log.lastZxid());
            assertEquals(Math.min(max, 3), spareFiles());
        }
        assertEquals(0, spareFiles(), "close deletes the kept segments");

        Path leftover = dir.resolve(LogFormat.recycledSpareName(7));
        try (var files = Files.list(dir)) {
            Files.copy(files.filter(f -> LogFormat.parseSegmentName(f.getFileName().toString()) >= 0).findFirst()
                    .orElseThrow(), leftover);
        }
        try (TxnLog log = TxnLog.open(config)) {
            assertFalse(Files.exists(leftover), "recovery deletes a kept segment left by a crash");
            assertTrue(log.recoveryReport().repaired().stream().anyMatch(p -> p.file().equals(leftover)
                    && p.kind() == LogProblem.Kind.TEMPORARY_FILE && p.detail().contains("kept for reuse")),
                    log.recoveryReport().repaired().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void recycledSegmentsRoundTripWithStaleBytesAfterTheEnd(ForceMode mode) throws Exception {
        List<Entry> kept;
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            kept = writeUntilRecycled(log, 11 + mode.ordinal());
            assertReadsFrom(log, 0, kept);
        }
        SegmentScan active = activeScan();
        byte[] file = readAll(active.path());
        assertTrue(SegmentScanner.lastNonZero(new UnsafeBuffer(file), (int) active.dataEnd(), file.length)
                > active.dataEnd() + LogFormat.END_MARKER_BYTES, "stale records of the earlier life follow the end");
        assertTrue(active.clean(), "a clean end marker, stale bytes after it: " + active);
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertTrue(log.recoveryReport().clean(), log.recoveryReport().toString());
            assertReadsFrom(log, 0, kept);
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void staleRecordWithAValidOldCrcAtTheEndIsNeverData(ForceMode mode) throws Exception {
        List<Entry> kept;
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            kept = writeUntilRecycled(log, 21 + mode.ordinal());
        }
        SegmentScan active = activeScan();
        long oldSalt = active.nameZxid() - 1_000;
        // A stale record exactly where the next record goes (end marker gone), with a zxid below the
        // segment's first, then one with a zxid above the last: both valid under the old salt only.
        byte[] below = recordWithSalt(active.nameZxid() - 1, oldSalt, 40);
        byte[] above = recordWithSalt(active.lastZxid() + 1, oldSalt, 40);
        writeAt(active.path(), active.dataEnd(), below);
        writeAt(active.path(), active.dataEnd() + below.length, above);
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertEquals(kept.get(kept.size() - 1).zxid(), log.lastZxid(), "every durable record kept");
            assertFalse(log.recoveryReport().clean(), "the stale record at the end is cut as a torn tail");
            assertReadsFrom(log, 0, kept);
        }
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertTrue(log.recoveryReport().clean(), log.recoveryReport().toString());
            assertReadsFrom(log, 0, kept);
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void tornTailInARecycledSegmentIsCutAndTheLogGoesOn(ForceMode mode) throws Exception {
        List<Entry> kept;
        List<Entry> more = history(31, 400, 0);
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            kept = writeUntilRecycled(log, 31 + mode.ordinal());
        }
        SegmentScan active = activeScan();
        // a record of the segment's own salt, cut short: length and CRC written, payload half there
        byte[] torn = recordWithSalt(active.lastZxid() + 1, active.nameZxid(), 200);
        byte[] half = java.util.Arrays.copyOf(torn, torn.length / 2);
        writeAt(active.path(), active.dataEnd(), half);
        long last = kept.get(kept.size() - 1).zxid();
        List<Entry> after = new ArrayList<>(kept);
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertEquals(last, log.lastZxid());
            assertEquals(1, log.recoveryReport().tornRecords(), log.recoveryReport().toString());
            assertReadsFrom(log, 0, kept);
            long shift = last;
            for (Entry e : more.subList(0, 50)) {
                Entry moved = new Entry(e.zxid() + shift, e.bytes());
                log.append(moved.zxid(), new UnsafeBuffer(moved.bytes()), 0, moved.bytes().length);
                after.add(moved);
            }
            log.force();
            assertReadsFrom(log, 0, after);
        }
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertTrue(log.recoveryReport().clean(), log.recoveryReport().toString());
            assertReadsFrom(log, 0, after);
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void badRecordFollowedByRecordsOfTheSameSaltIsRefused(ForceMode mode) throws Exception {
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            writeUntilRecycled(log, 41 + mode.ordinal());
        }
        SegmentScan active = activeScan();
        assertTrue(active.recordCount() >= 3, "enough records in the active segment: " + active);
        // flip a payload byte of the first record: valid records of this salt follow it
        long at = LogFormat.SEGMENT_HEADER_BYTES + LogFormat.RECORD_PAYLOAD_OFFSET;
        byte[] one = new byte[1];
        try (FileChannel ch = FileChannel.open(active.path(), StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(one), at);
        }
        one[0] ^= 0x10;
        writeAt(active.path(), at, one);
        LogCorruptionException e = assertThrows(LogCorruptionException.class,
                () -> TxnLog.open(smallConfig(dir, mode)).close());
        assertTrue(e.getMessage().contains(active.path().getFileName().toString()), e.getMessage());
        assertThrows(LogCorruptionException.class, () -> TxnLog.open(smallConfig(dir, mode)).close(),
                "still refused: open repaired nothing");
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void truncateAfterInsideARecycledSegmentKeepsThePrefix(ForceMode mode) throws Exception {
        List<Entry> kept;
        List<Entry> after;
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            kept = writeUntilRecycled(log, 51 + mode.ordinal());
            SegmentScan active = activeScan();
            List<Entry> inActive = kept.stream().filter(e -> e.zxid() >= active.nameZxid()).toList();
            assertTrue(inActive.size() >= 3, "records in the recycled active segment");
            long cut = inActive.get(inActive.size() / 2).zxid();
            log.truncateAfter(cut);
            after = new ArrayList<>(kept.stream().filter(e -> e.zxid() <= cut).toList());
            assertReadsFrom(log, 0, after);
            // new records with zxids the dropped ones had: a new history
            for (Entry e : history(57, 30, cut)) {
                log.append(e.zxid(), new UnsafeBuffer(e.bytes()), 0, e.bytes().length);
                after.add(e);
            }
            log.force();
            assertReadsFrom(log, 0, after);
        }
        try (TxnLog log = TxnLog.open(smallConfig(dir, mode))) {
            assertTrue(log.recoveryReport().clean(), log.recoveryReport().toString());
            assertReadsFrom(log, 0, after);
        }
    }
}
