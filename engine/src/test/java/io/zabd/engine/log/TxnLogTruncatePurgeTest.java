package io.zabd.engine.log;

import static io.zabd.engine.log.LogTesting.appendAll;
import static io.zabd.engine.log.LogTesting.assertReadsFrom;
import static io.zabd.engine.log.LogTesting.history;
import static io.zabd.engine.log.LogTesting.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.log.LogTesting.Entry;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: truncateAfter (ZAB TRUNC) keeps exactly the records up to the zxid and purgeBefore deletes
 * only whole segments below the zxid, including at segment boundaries; both survive a reopen and the
 * log keeps accepting appends after them.
 */
class TxnLogTruncatePurgeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void truncateAfterKeepsExactlyThePrefix(ForceMode mode) throws Exception {
        Random random = new Random(5);
        LogConfig config = smallConfig(dir, mode);
        List<Entry> entries = new ArrayList<>(history(21, 4000, 0));
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, entries, random);
        }
        List<Long> points = new ArrayList<>();
        List<Long> firsts = segmentFirstZxids();
        assertTrue(firsts.size() >= 4, "several segments: " + firsts);
        long lastFirst = firsts.get(firsts.size() - 1);
        points.add(entries.get(entries.size() - 1).zxid() + 10); // nothing after it: no-op
        points.add(lastFirst);                                    // the active segment's first record
        points.add(lastFirst - 1);                                // just before a segment boundary
        points.add(firsts.get(firsts.size() - 3) + 7);            // inside an earlier segment
        for (int round = 0; round < 4; round++) {
            points.add(entries.get(random.nextInt(entries.size())).zxid());
        }
        for (long point : points) {
            try (TxnLog log = TxnLog.open(config)) {
                log.truncateAfter(point);
                entries.removeIf(e -> e.zxid() > point);
                long expectedLast = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).zxid();
                assertEquals(expectedLast, log.lastZxid(), "last zxid after TRUNC to " + Zxid.toHex(point));
                assertReadsFrom(log, 0, entries);
                List<Entry> more = history(point, 300, Math.max(point, expectedLast) + (1L << 32));
                appendAll(log, more, random);
                entries.addAll(more);
            }
            try (TxnLog log = TxnLog.open(config)) {
                assertTrue(log.recoveryReport().clean(), () -> "reopen after TRUNC is clean: " + log.recoveryReport());
                assertReadsFrom(log, 0, entries);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void truncateBeforeEverythingEmptiesTheLog(ForceMode mode) throws Exception {
        LogConfig config = smallConfig(dir, mode);
        List<Entry> entries = history(3, 2000, Zxid.of(3, 0));
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, entries, new Random(1));
            log.truncateAfter(Zxid.of(2, 9));
            assertEquals(0, log.lastZxid());
            assertEquals(0, log.segmentCount());
            assertReadsFrom(log, 0, List.of());
        }
        assertEquals(List.of(), segmentFirstZxids());
        List<Entry> fresh = history(4, 500, Zxid.of(2, 9));
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, fresh, new Random(2));
        }
        try (TxnLog log = TxnLog.open(config)) {
            assertReadsFrom(log, 0, fresh);
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void purgeBeforeDeletesOnlyWholeSegmentsBelowTheZxid(ForceMode mode) throws Exception {
        LogConfig config = smallConfig(dir, mode);
        List<Entry> entries = new ArrayList<>(history(31, 5000, 0));
        try (TxnLog log = TxnLog.open(config)) {
            appendAll(log, entries, new Random(3));
        }
        List<Long> firsts = segmentFirstZxids();
        assertTrue(firsts.size() >= 5, "several segments: " + firsts);
        try (TxnLog log = TxnLog.open(config)) {
            assertEquals(0, log.purgeBefore(firsts.get(1) - 1), "segment 0 still holds zxids >= the purge point");
            assertEquals(1, log.purgeBefore(firsts.get(1)), "segment 0 is wholly below the first zxid of segment 1");
            assertEquals(firsts.get(1), log.firstZxid());
            long inside = firsts.get(3) + 3;
            assertEquals(2, log.purgeBefore(inside), "segments 1 and 2 go, segment 3 holds the zxid");
            assertEquals(firsts.get(3), log.firstZxid());
            long purged = firsts.get(3);
            entries.removeIf(e -> e.zxid() < purged);
            assertReadsFrom(log, 0, entries);
            assertReadsFrom(log, inside, entries);
        }
        try (TxnLog log = TxnLog.open(config)) {
            assertTrue(log.recoveryReport().clean());
            assertReadsFrom(log, 0, entries);
            int remaining = log.segmentCount();
            assertEquals(remaining - 1, log.purgeBefore(Long.MAX_VALUE), "never the active segment");
            assertEquals(1, log.segmentCount());
            long activeFirst = log.firstZxid();
            entries.removeIf(e -> e.zxid() < activeFirst);
            List<Entry> more = history(32, 200, log.lastZxid());
            appendAll(log, more, new Random(4));
            entries.addAll(more);
        }
        try (TxnLog log = TxnLog.open(config)) {
            assertReadsFrom(log, 0, entries);
        }
    }

    private List<Long> segmentFirstZxids() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> LogFormat.parseSegmentName(p.getFileName().toString())).filter(z -> z >= 0).sorted()
                    .toList();
        }
    }
}
