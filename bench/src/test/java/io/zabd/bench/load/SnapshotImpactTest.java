package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classification of {@code snapshot-impact}: a request is "during" a snapshot when its span from
 * intended send to completion overlaps a snapshot (edges included), the window's time series marks the
 * buckets a snapshot touches, the report's figures (counts, quantiles, snapshot share, p99 ratio, verdict)
 * follow; and the sample log keeps only the window's successful requests.
 */
class SnapshotImpactTest {
    private static final long MS = 1_000_000L;

    private static SampleLog window(long startNs) {
        SampleLog log = new SampleLog(1_000_000);
        log.windowBegan(startNs);
        return log;
    }

    @Test
    void requestsOverlappingASnapshotAreDuringTheRestOutside() {
        SampleLog log = window(0);
        List<SnapshotImpact.Span> snaps = List.of(new SnapshotImpact.Span(100 * MS, 200 * MS));
        // outside: before, after
        log.completed(10 * MS, 11 * MS, true);
        log.completed(201 * MS, 203 * MS, true);
        // during: completes exactly at the start, starts exactly at the end, spans the snapshot, inside
        log.completed(90 * MS, 100 * MS, true);
        log.completed(200 * MS, 230 * MS, true);
        log.completed(50 * MS, 250 * MS, true);
        log.completed(150 * MS, 151 * MS, true);
        log.windowEnded(1000 * MS);

        SnapshotImpact.Result r = SnapshotImpact.classify(log, snaps, 100 * MS);
        assertEquals(4, r.during().count());
        assertEquals(2, r.outside().count());
        assertEquals(200.0, r.during().maxMs(), 0.5);
        assertEquals(2.0, r.outside().maxMs(), 0.01);
        assertEquals(1, r.snapshotsInWindow());
        assertEquals(List.of(100.0), r.snapshotDurationsMs());
        assertEquals(0.1, r.snapshotShare(), 1e-9);
        assertEquals(r.during().p99Ms() / r.outside().p99Ms(), r.p99Ratio(), 1e-12);
    }

    @Test
    void timeSeriesBucketsByCompletionAndMarksSnapshotBuckets() {
        SampleLog log = window(0);
        log.completed(10 * MS, 20 * MS, true);
        log.completed(30 * MS, 50 * MS, true);
        log.completed(110 * MS, 140 * MS, true);
        log.completed(250 * MS, 299 * MS, true);
        log.windowEnded(300 * MS);
        SnapshotImpact.Result r = SnapshotImpact.classify(log,
                List.of(new SnapshotImpact.Span(150 * MS, 160 * MS)), 100 * MS);
        assertEquals(3, r.buckets().size());
        assertEquals(2, r.buckets().get(0).latency().count());
        assertEquals(1, r.buckets().get(1).latency().count());
        assertEquals(1, r.buckets().get(2).latency().count());
        assertFalse(r.buckets().get(0).inSnapshot());
        assertTrue(r.buckets().get(1).inSnapshot());
        assertFalse(r.buckets().get(2).inSnapshot());
        assertEquals(100 * MS, r.buckets().get(1).offsetNs());
        String csv = SnapshotImpact.timeSeriesCsv(r);
        assertTrue(csv.startsWith("offset_s,requests,p50_ms,p99_ms,max_ms,in_snapshot\n"), csv);
        List<String> lines = csv.lines().toList();
        assertEquals(4, lines.size());
        String[] second = lines.get(2).split(",");
        assertEquals("0.100", second[0]);
        assertEquals("1", second[1]);
        assertEquals(30.0, Double.parseDouble(second[3]), 0.05, "p99 of the one 30 ms request");
        assertEquals("1", second[5]);
    }

    @Test
    void snapshotsAreMergedAndCountedOnlyWhenTheyTouchTheWindow() {
        List<SnapshotImpact.Span> merged = SnapshotImpact.merge(List.of(new SnapshotImpact.Span(50, 60),
                new SnapshotImpact.Span(10, 20), new SnapshotImpact.Span(15, 30), new SnapshotImpact.Span(30, 40)));
        assertEquals(List.of(new SnapshotImpact.Span(10, 40), new SnapshotImpact.Span(50, 60)), merged);
        assertTrue(SnapshotImpact.overlaps(merged, 40, 45));
        assertFalse(SnapshotImpact.overlaps(merged, 41, 49));
        assertTrue(SnapshotImpact.overlaps(merged, 0, 10));
        assertFalse(SnapshotImpact.overlaps(merged, 61, 100));
        assertFalse(SnapshotImpact.overlaps(List.of(), 0, 100));

        SampleLog log = window(1000);
        log.completed(1000, 1001, true);
        log.windowEnded(2000);
        SnapshotImpact.Result r = SnapshotImpact.classify(log, List.of(new SnapshotImpact.Span(100, 200),
                new SnapshotImpact.Span(900, 1100), new SnapshotImpact.Span(1500, 2500),
                new SnapshotImpact.Span(3000, 3100)), MS);
        assertEquals(2, r.snapshotsInWindow(), "the first and last are outside the window");
        assertEquals(2, r.snapshotDurationsMs().size());
        assertEquals(200e-6, r.snapshotDurationsMs().get(0), 1e-12);
        assertEquals(1000e-6, r.snapshotDurationsMs().get(1), 1e-12);
        assertEquals(0.6, r.snapshotShare(), 1e-9, "100 ns + 500 ns of a 1000 ns window");
        assertEquals(1, r.during().count());
    }

    @Test
    void withoutSnapshotsEverythingIsOutsideAndTheVerdictSaysSo() {
        SampleLog log = window(0);
        log.completed(0, 5 * MS, true);
        log.windowEnded(10 * MS);
        SnapshotImpact.Result r = SnapshotImpact.classify(log, List.of(), 100 * MS);
        assertEquals(0, r.during().count());
        assertTrue(Double.isNaN(r.during().p99Ms()));
        assertTrue(Double.isNaN(r.p99Ratio()));
        assertTrue(Double.isNaN(r.medianSnapshotMs()));
        assertEquals("no snapshot", SnapshotImpactTable.verdict(r, r.p99Ratio(), 2.0, 0));
        assertEquals("errors", SnapshotImpactTable.verdict(r, r.p99Ratio(), 2.0, 3));
    }

    @Test
    void verdictComparesTheRatioWithTheLimit() {
        SampleLog log = window(0);
        for (int i = 0; i < 100; i++) {
            log.completed(0, MS, true); // outside: 1 ms
            log.completed(500 * MS, 503 * MS, true); // during: 3 ms
        }
        log.windowEnded(1000 * MS);
        SnapshotImpact.Result r = SnapshotImpact.classify(log, List.of(new SnapshotImpact.Span(400 * MS, 600 * MS)),
                100 * MS);
        assertEquals(3.0, r.p99Ratio(), 0.01);
        assertEquals("ABOVE 2x", SnapshotImpactTable.verdict(r, r.p99Ratio(), 2.0, 0));
        assertEquals("within 3.5x", SnapshotImpactTable.verdict(r, r.p99Ratio(), 3.5, 0));
        assertEquals(200.0, r.medianSnapshotMs(), 1e-9);
    }

    @Test
    void sampleLogKeepsOnlyTheWindowsSuccessesUpToItsCapacity() {
        SampleLog log = new SampleLog(SampleLog.CHUNK + 10);
        log.completed(0, 1, true); // before the window
        log.windowBegan(5);
        for (int i = 0; i < SampleLog.CHUNK + 20; i++) {
            log.completed(i, i + 7, true);
        }
        log.completed(0, 9, false);
        log.windowEnded(100);
        log.completed(0, 1, true); // after the window
        assertEquals(SampleLog.CHUNK + 10, log.size());
        assertEquals(10, log.dropped());
        assertEquals(1, log.errors());
        assertEquals(SampleLog.CHUNK + 3, log.intendedNs(SampleLog.CHUNK + 3), "across the chunk boundary");
        assertEquals(SampleLog.CHUNK + 10, log.completedNs(SampleLog.CHUNK + 3));
        assertEquals(5, log.windowStartNs());
        assertEquals(100, log.windowEndNs());
        assertThrows(IllegalArgumentException.class, () -> new SampleLog(0));
    }

    @Test
    void classifyNeedsAnEndedWindowAndAPositiveBucket() {
        SampleLog open = new SampleLog(10);
        open.windowBegan(0);
        assertThrows(IllegalStateException.class, () -> SnapshotImpact.classify(open, List.of(), MS));
        open.windowEnded(10);
        assertThrows(IllegalArgumentException.class, () -> SnapshotImpact.classify(open, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotImpact.Span(2, 1));
    }
}
