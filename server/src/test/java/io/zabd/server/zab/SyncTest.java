package io.zabd.server.zab;

import static io.zabd.server.zab.ElectionTest.upTo;
import static io.zabd.server.zab.ElectionTest.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Goal: the leader picks DIFF / TRUNC / SNAP as documented, and a learner's ACKs wait for durability. */
class SyncTest {
    /** Leader log: (1,1)..(1,5), (2,1), (2,2). */
    private static TestLog leaderLog() {
        TestLog log = upTo(1, 5);
        log.entries.add(new LogEntry(z(2, 1), new byte[] {21}));
        log.entries.add(new LogEntry(z(2, 2), new byte[] {22}));
        return log;
    }

    private static SyncPlan plan(TestLog log, long learnerLast, int diffMax) {
        return SyncPlan.choose(log, learnerLast, log.lastZxid(), z(1, 5), diffMax);
    }

    private static List<Long> zxids(SyncPlan p) {
        return p.entries().stream().map(LogEntry::zxid).toList();
    }

    @Test
    void learnerWithAPrefixGetsDiff() {
        SyncPlan p = plan(leaderLog(), z(1, 3), 100);
        assertEquals(SyncPlan.Kind.DIFF, p.kind());
        assertEquals(List.of(z(1, 4), z(1, 5), z(2, 1), z(2, 2)), zxids(p));
        SyncPlan same = plan(leaderLog(), z(2, 2), 100);
        assertEquals(SyncPlan.Kind.DIFF, same.kind());
        assertTrue(same.entries().isEmpty());
    }

    @Test
    void learnerWithASuffixTheLeaderLacksGetsTruncThenDiff() {
        SyncPlan inside = plan(leaderLog(), z(1, 7), 100); // learner has (1,6), (1,7)
        assertEquals(SyncPlan.Kind.TRUNC, inside.kind());
        assertEquals(z(1, 5), inside.fromZxid());
        assertEquals(List.of(z(2, 1), z(2, 2)), zxids(inside));
        SyncPlan ahead = plan(leaderLog(), z(2, 5), 100); // learner ahead in the leader's last epoch
        assertEquals(SyncPlan.Kind.TRUNC, ahead.kind());
        assertEquals(z(2, 2), ahead.fromZxid());
        assertTrue(ahead.entries().isEmpty());
    }

    @Test
    void learnerOnAnotherBranchTooOldOrTooFarBehindGetsSnap() {
        // learner's last zxid is in epoch 3, which the leader never saw: its log below it is unknown
        assertEquals(SyncPlan.Kind.SNAP, plan(leaderLog(), z(3, 1), 100).kind());
        TestLog purged = leaderLog();
        purged.base = z(1, 4);
        purged.entries.removeIf(e -> e.zxid() <= z(1, 4));
        SyncPlan old = plan(purged, z(1, 2), 100); // below the leader's snapshot
        assertEquals(SyncPlan.Kind.SNAP, old.kind());
        assertEquals(z(1, 5), old.fromZxid(), "the snapshot is the leader's applied state");
        assertEquals(List.of(z(2, 1), z(2, 2)), zxids(old));
        assertEquals(SyncPlan.Kind.SNAP, plan(leaderLog(), z(1, 1), 3).kind(), "6 proposals > syncDiffMaxTxns 3");
    }

    @Test
    void emptyLearnerOfAPurgedLeaderInstallsTheSnapshot() {
        TestLog leader = upTo(1, 6);
        leader.base = z(1, 4);
        leader.entries.removeIf(e -> e.zxid() <= z(1, 4));
        Ensemble e = new Ensemble(Map.of(1L, new TestLog(), 2L, new TestLog(), 3L, leader),
                Map.of(3L, 1L), List.of(), b -> {});
        e.deliverAll();
        e.tickUntilEstablished(500);
        assertEquals(3, e.leader().id);
        for (long id : List.of(1L, 2L)) {
            TestLog log = e.member(id).log;
            assertEquals(z(1, 4), log.base, "peer " + id + " installed the leader's snapshot");
            assertEquals(List.of(z(1, 5), z(1, 6)), log.zxids());
            assertEquals(z(1, 6), e.member(id).appliedTo);
        }
    }

    @Test
    void newLeaderAckWaitsForTheSyncedLogThenCurrentEpoch() {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 1), 2L, upTo(1, 3), 3L, upTo(1, 3)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), List.of(), b -> {});
        Ensemble.Member f = e.member(1);
        f.holdDurable = true;
        f.holdPersist = true;
        e.deliverAll();
        for (int i = 0; i < 100 && f.epochWrites.isEmpty(); i++) {
            e.tick(1);
        }
        // discovery: ACKEPOCH waits for acceptedEpoch
        assertEquals(List.of(new EpochWrite(EpochWrite.Kind.ACCEPTED, 2, 3)), f.epochWrites);
        assertFalse(f.sentTo(3, b -> b instanceof ZabMessage.AckEpoch), "ACKEPOCH before acceptedEpoch is durable");
        f.persistAll();
        e.deliverAll();
        assertTrue(f.sentTo(3, b -> b instanceof ZabMessage.AckEpoch));
        for (int i = 0; i < 100 && !e.member(3).peer.established(); i++) {
            e.tick(1); // peers 2 and 3 establish the epoch without peer 1
        }
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), f.log.zxids(), "the DIFF is in peer 1's log, not durable");
        assertFalse(f.sentTo(3, b -> b instanceof ZabMessage.Ack), "no NEWLEADER ACK before the log is durable");
        assertEquals(1, f.epochWrites.size(), "currentEpoch must not be persisted before the synced log");
        f.makeDurable();
        assertEquals(new EpochWrite(EpochWrite.Kind.CURRENT, 2, 3), f.epochWrites.get(1));
        assertFalse(f.sentTo(3, b -> b instanceof ZabMessage.Ack), "no NEWLEADER ACK before currentEpoch is durable");
        f.persistAll();
        assertTrue(f.sentTo(3, b -> b instanceof ZabMessage.Ack a && a.zxid() == z(1, 3)));
        e.deliverAll();
        assertTrue(f.peer.established());
        assertEquals(z(1, 3), f.appliedTo);
    }
    @Test
    void leaderRefusesALearnerWhoseHistoryIsAheadOfItsOwn() {
        ZabConfig config = ZabConfig.builder(3, List.of(1L, 2L, 3L), List.of()).finalizeWaitTicks(2).build();
        ZabPeer leader = new ZabPeer(config, 1, upTo(1, 4), 1, -1, 1, 0);
        leader.ready();
        for (long from : List.of(1L, 2L)) {
            leader.step(from, new ZabMessage.Notification(3, z(1, 4), 1, 1, ServerState.LOOKING));
        }
        leader.tick();
        leader.tick();
        assertEquals(ServerState.LEADING, leader.state());
        leader.ready();
        leader.step(1, new ZabMessage.QuorumPacket(11, 0, new ZabMessage.FollowerInfo(1, -1, z(1, 4))));
        leader.step(2, new ZabMessage.QuorumPacket(21, 0, new ZabMessage.FollowerInfo(1, -1, z(1, 4))));
        assertEquals(List.of(new EpochWrite(EpochWrite.Kind.ACCEPTED, 2, 3)), leader.ready().epochWrites());
        leader.onPersisted(EpochWrite.Kind.ACCEPTED, 2);
        assertEquals(2, leader.ready().messages().size(), "LEADERINFO to both learners");
        // learner 2 claims the same currentEpoch and a longer history: ZAB forbids leading it
        leader.step(2, new ZabMessage.QuorumPacket(21, 1, new ZabMessage.AckEpoch(1, z(1, 9))));
        leader.step(1, new ZabMessage.QuorumPacket(11, 1, new ZabMessage.AckEpoch(1, z(1, 4))));
        List<Ready.Outbound> out = leader.ready().messages();
        assertTrue(out.stream().noneMatch(o -> o.to() == 2), "nothing more for the refused learner: " + out);
        assertTrue(out.stream().anyMatch(o -> o.to() == 1 && o.message() instanceof ZabMessage.QuorumPacket p
                && p.body() instanceof ZabMessage.Diff), "learner 1 is synced: " + out);
    }
}
