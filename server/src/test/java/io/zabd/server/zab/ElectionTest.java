package io.zabd.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.Zxid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Goal: scripted fast-leader-election conversations pick the leader ZooKeeper would pick. */
class ElectionTest {
    static long z(long epoch, long counter) {
        return Zxid.of(epoch, counter);
    }

    static TestLog upTo(long epoch, long counter) {
        TestLog log = new TestLog();
        for (long c = 1; c <= counter; c++) {
            log.entries.add(new LogEntry(z(epoch, c), new byte[] {(byte) c}));
        }
        return log;
    }

    @Test
    void threePeersWithDifferentZxidsElectTheMostUpToDate() {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 5), 2L, upTo(1, 7), 3L, upTo(1, 6)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), List.of(), b -> {});
        e.deliverAll();
        e.tickUntilEstablished(500);
        assertEquals(2, e.leader().id);
        for (Ensemble.Member m : e.members.values()) {
            assertEquals(2, m.peer.leaderId());
            assertEquals(2, m.peer.epoch(), "new epoch = max(acceptedEpoch) + 1");
            assertEquals(e.member(2).log.zxids(), m.log.zxids(), "peer " + m.id + " synced to the leader's history");
            assertEquals(z(1, 7), m.appliedTo, "the leader's history is committed when the epoch is established");
        }
    }

    @Test
    void peerEpochBeatsZxidAndLongerLogsAreTruncated() {
        // Peer 3 acknowledged NEWLEADER of epoch 2 with history up to (1,3); peers 1 and 2 still hold
        // proposals of epoch 1 that epoch 2 dropped.
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 9), 2L, upTo(1, 8), 3L, upTo(1, 3)),
                Map.of(1L, 1L, 2L, 1L, 3L, 2L), List.of(), b -> {});
        e.deliverAll();
        e.tickUntilEstablished(500);
        assertEquals(3, e.leader().id);
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), e.member(1).log.zxids());
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), e.member(2).log.zxids());
        assertTrue(e.member(3).sentTo(1, b -> b instanceof ZabMessage.Trunc t && t.truncZxid() == z(1, 3)));
    }

    @Test
    void equalVotesAreBrokenByServerId() {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 2), 2L, upTo(1, 2), 3L, upTo(1, 2)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), List.of(), b -> {});
        e.deliverAll();
        e.tickUntilEstablished(500);
        assertEquals(3, e.leader().id);
    }

    @Test
    void decisionWaitsFinalizeWaitAfterQuorumAgrees() {
        Ensemble e = new Ensemble(Map.of(1L, new TestLog(), 2L, new TestLog(), 3L, new TestLog()),
                Map.of(), List.of(), b -> b.finalizeWaitTicks(20));
        e.deliverAll();
        for (Ensemble.Member m : e.members.values()) {
            assertEquals(ServerState.LOOKING, m.peer.state(), "all agree on 3, but finalizeWait has not passed");
            assertEquals(3, m.peer.currentVote().leader());
        }
        e.tick(19);
        assertEquals(ServerState.LOOKING, e.member(1).peer.state());
        e.tick(2);
        assertEquals(ServerState.FOLLOWING, e.member(1).peer.state());
        assertEquals(ServerState.LEADING, e.member(3).peer.state());
    }

    @Test
    void notificationResendsBackOffUpToTheMaximum() {
        Ensemble e = new Ensemble(Map.of(1L, new TestLog(), 2L, new TestLog(), 3L, new TestLog()),
                Map.of(), List.of(), b -> b.notificationTimeoutMinTicks(5).notificationTimeoutMaxTicks(40));
        e.isolated.add(1L); // peer 1 hears nothing
        Ensemble.Member m = e.member(1);
        int before = m.sent.size();
        java.util.List<Integer> resendTicks = new java.util.ArrayList<>();
        for (int t = 1; t <= 200; t++) {
            e.tick(1);
            if (m.sent.size() > before) {
                resendTicks.add(t);
                before = m.sent.size();
            }
        }
        assertEquals(List.of(5, 15, 35, 75, 115, 155, 195), resendTicks, "5, then doubling: 10, 20, 40, 40, ...");
    }

    @Test
    void lookingPeerJoinsAnEstablishedLeader() {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 1), 2L, upTo(1, 2), 3L, upTo(1, 2)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), List.of(), b -> {});
        e.isolated.add(1L);
        e.deliverAll();
        for (int i = 0; i < 500 && !(e.member(2).peer.established() && e.member(3).peer.established()); i++) {
            e.tick(1);
        }
        assertEquals(ServerState.LEADING, e.member(3).peer.state());
        e.isolated.clear();
        e.tickUntilEstablished(2_000);
        assertEquals(ServerState.FOLLOWING, e.member(1).peer.state());
        assertEquals(3, e.member(1).peer.leaderId());
        assertTrue(e.member(1).changes.stream().anyMatch(c -> c.reason().contains("joined")),
                "peer 1 joined through the votes of peers outside the election");
    }

    @Test
    void observersNeverVoteButLearnTheLeader() {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 1), 2L, upTo(1, 1), 3L, upTo(1, 1)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), List.of(4L), b -> {});
        e.deliverAll();
        e.tickUntilEstablished(2_000);
        assertEquals(ServerState.OBSERVING, e.member(4).peer.state());
        assertEquals(3, e.member(4).peer.leaderId(), "observer 4 is never proposed even with the highest id");
        for (Ensemble.Member m : e.members.values()) {
            for (Ensemble.Envelope env : m.sent) {
                if (env.message() instanceof ZabMessage.Notification n && n.state() == ServerState.LOOKING) {
                    assertTrue(n.leader() != 4, "nobody votes for the observer");
                }
            }
        }
    }
}
