package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshot intervals are read from both servers' timestamped logs: ZooKeeper 3.9's start/end lines, zabd's
 * capture/write lines (also when captures were coalesced into one write), skipped and unfinished snapshots.
 * The lines are the real formats, copied from server logs of a {@code snapshot-impact} run.
 */
class SnapshotLogTest {
    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void timestampIsTheLeadingIsoTimeWithOffset() {
        assertEquals(ms("2026-11-27T15:50:53.461Z"),
                SnapshotLog.timestampMs("2026-11-27T15:50:53.461+0000 [Snapshot Thread] INFO x - y"));
        assertEquals(ms("2026-11-27T13:50:53.461Z"),
                SnapshotLog.timestampMs("2026-11-27T15:50:53.461+0200 [main] INFO x - y"));
        assertEquals(-1, SnapshotLog.timestampMs("[main] INFO org.apache.zookeeper - Snapshot taken in 3 ms"));
        assertEquals(-1, SnapshotLog.timestampMs("2026-11-27 garbage"));
    }

    @Test
    void zooKeeperStartAndTakenLinesMakeIntervals() {
        List<String> lines = List.of(
                "2026-11-27T15:50:48.943+0000 [main] INFO org.apache.zookeeper.server.persistence.FileTxnSnapLog"
                        + " - Snapshotting: 0x0 to /d/version-2/snapshot.0",
                "2026-11-27T15:50:48.948+0000 [main] INFO org.apache.zookeeper.server.ZKDatabase - Snapshot loaded in"
                        + " 32 ms, highest zxid is 0x0, digest is 1371985504",
                "2026-11-27T15:50:48.969+0000 [main] INFO org.apache.zookeeper.server.persistence.FileTxnSnapLog"
                        + " - Snapshotting: 0x0 to /d/version-2/snapshot.0",
                "2026-11-27T15:50:48.969+0000 [main] INFO org.apache.zookeeper.server.ZooKeeperServer - Snapshot taken"
                        + " in 0 ms",
                "2026-11-27T15:50:53.461+0000 [Snapshot Thread] INFO org.apache.zookeeper.server.persistence"
                        + ".FileTxnSnapLog - Snapshotting: 0xddf to /d/version-2/snapshot.ddf",
                "2026-11-27T15:50:54.000+0000 [SyncThread:0] INFO org.apache.zookeeper.server.SyncRequestProcessor"
                        + " - Too busy to snap, skipping",
                "2026-11-27T15:50:56.534+0000 [Snapshot Thread] INFO org.apache.zookeeper.server.ZooKeeperServer"
                        + " - Snapshot taken in 3073 ms",
                "2026-11-27T15:51:00.100+0000 [Snapshot Thread] INFO org.apache.zookeeper.server.persistence"
                        + ".FileTxnSnapLog - Snapshotting: 0x1dc5 to /d/version-2/snapshot.1dc5");
        SnapshotLog.Parsed p = SnapshotLog.parse(Systems.ZOOKEEPER, lines);
        assertEquals(2, p.intervals().size());
        assertEquals(new SnapshotLog.Interval(ms("2026-11-27T15:50:48.969Z"), ms("2026-11-27T15:50:48.969Z"), "0x0"),
                p.intervals().get(0));
        SnapshotLog.Interval second = p.intervals().get(1);
        assertEquals(ms("2026-11-27T15:50:53.461Z"), second.startMs());
        assertEquals(3073, second.durationMs());
        assertEquals("0xddf", second.label());
        assertEquals(1, p.skipped());
        assertEquals(ms("2026-11-27T15:51:00.100Z"), p.openStartMs(), "the last snapshot has not ended yet");
    }

    @Test
    void zooKeeperEndWithoutStartUsesTheLoggedDuration() {
        SnapshotLog.Parsed p = SnapshotLog.parseZooKeeper(List.of(
                "2026-11-27T15:50:56.534+0000 [Snapshot Thread] INFO org.apache.zookeeper.server.ZooKeeperServer"
                        + " - Snapshot taken in 534 ms"));
        assertEquals(List.of(new SnapshotLog.Interval(ms("2026-11-27T15:50:56.000Z"), ms("2026-11-27T15:50:56.534Z"),
                "?")), p.intervals());
        assertEquals(-1, p.openStartMs());
    }

    @Test
    void zabdIntervalRunsFromCaptureStartToWriteEnd() {
        List<String> lines = List.of(
                "2026-11-27T15:51:08.027+0000 [main] INFO io.zabd.engine.Engine - recovered /d: snapshot at 0x0, 0 log"
                        + " records replayed, last zxid 0x0, log repairs 0, 477 ms",
                "2026-11-27T15:51:12.368+0000 [zabd-state-machine] INFO io.zabd.engine.Engine - snapshot at 0xb57:"
                        + " captured 20023 changes (full) in 65 ms",
                "2026-11-27T15:51:12.481+0000 [zabd-snapshot-writer] INFO io.zabd.engine.snapshot.SnapshotWriter"
                        + " - snapshot at 0xb57: wrote 20023 changes of 1 capture(s) in 110 ms (store write 49 ms,"
                        + " checkpoint 61 ms)",
                // two captures while the writer was busy, written together
                "2026-11-27T15:51:14.053+0000 [zabd-state-machine] INFO io.zabd.engine.Engine - snapshot at 0x18bd:"
                        + " captured 3179 changes (delta) in 34 ms",
                "2026-11-27T15:51:15.367+0000 [zabd-state-machine] INFO io.zabd.engine.Engine - snapshot at 0x233a:"
                        + " captured 2512 changes (delta) in 7 ms",
                "2026-11-27T15:51:15.400+0000 [zabd-snapshot-writer] INFO io.zabd.engine.snapshot.SnapshotWriter"
                        + " - snapshot at 0x233a: wrote 5000 changes of 2 capture(s) in 20 ms (store write 12 ms,"
                        + " checkpoint 8 ms)",
                "2026-11-27T15:51:16.000+0000 [zabd-state-machine] INFO io.zabd.engine.Engine - snapshot at 0x2b46:"
                        + " captured 1968 changes (delta) in 5 ms");
        SnapshotLog.Parsed p = SnapshotLog.parse(Systems.ZABD, lines);
        assertEquals(2, p.intervals().size());
        assertEquals(new SnapshotLog.Interval(ms("2026-11-27T15:51:12.303Z"), ms("2026-11-27T15:51:12.481Z"),
                "0xb57 20023 changes"), p.intervals().get(0));
        assertEquals(new SnapshotLog.Interval(ms("2026-11-27T15:51:14.019Z"), ms("2026-11-27T15:51:15.400Z"),
                "0x233a 5000 changes"), p.intervals().get(1));
        assertEquals(ms("2026-11-27T15:51:15.995Z"), p.openStartMs(), "captured, not written yet");
        assertEquals(0, p.skipped());
    }

    @Test
    void unknownSystemAndBackwardIntervalsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SnapshotLog.parse("etcd", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotLog.Interval(10, 9, "x"));
    }
}
