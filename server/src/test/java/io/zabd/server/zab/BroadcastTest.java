package io.zabd.server.zab;

import static io.zabd.server.zab.ElectionTest.upTo;
import static io.zabd.server.zab.ElectionTest.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Goal: scripted broadcast conversations: quorum commit in order, forwarding, INFORM, step-downs. */
class BroadcastTest {
    private static Ensemble established(List<Long> observers, Consumer<ZabConfig.Builder> tune) {
        Ensemble e = new Ensemble(Map.of(1L, upTo(1, 2), 2L, upTo(1, 2), 3L, upTo(1, 2)),
                Map.of(1L, 1L, 2L, 1L, 3L, 1L), observers, tune);
        e.deliverAll();
        e.tickUntilEstablished(2_000);
        return e;
    }

    @Test
    void commitNeedsAQuorumOfDurableLogsAndFollowsZxidOrder() {
        Ensemble e = established(List.of(), b -> {});
        Ensemble.Member leader = e.member(3);
        leader.holdDurable = true;
        e.member(1).holdDurable = true;
        long first = leader.peer.submit(new byte[] {1}).zxid();
        long second = leader.peer.submit(new byte[] {2}).zxid();
        e.drain(leader);
        e.deliverAll();
        assertEquals(z(2, 1), first);
        assertEquals(z(2, 2), second);
        assertEquals(z(1, 2), leader.appliedTo, "only follower 2 is durable: 1 of 3 is no quorum");
        leader.makeDurable(); // the leader's self-ACK comes from its own log writer
        e.deliverAll();
        assertEquals(z(2, 2), leader.appliedTo);
        assertEquals(z(2, 2), e.member(2).appliedTo);
        assertEquals(z(2, 2), e.member(1).appliedTo, "follower 1 applies commits before its own fsync");
    }

    @Test
    void followersForwardWritesAndObserversLearnByInform() {
        Ensemble e = established(List.of(4L), b -> {});
        SubmitResult r = e.member(1).peer.submit(new byte[] {7});
        assertEquals(SubmitResult.Status.FORWARDED, r.status());
        e.drain(e.member(1));
        e.deliverAll();
        for (Ensemble.Member m : e.members.values()) {
            assertEquals(z(2, 1), m.appliedTo, "peer " + m.id);
            assertEquals(List.of(z(1, 1), z(1, 2), z(2, 1)), m.log.zxids());
        }
        assertTrue(e.member(3).sentTo(4, b -> b instanceof ZabMessage.Inform i && i.zxid() == z(2, 1)));
        assertTrue(!e.member(3).sentTo(4, b -> b instanceof ZabMessage.Proposal p && p.zxid() == z(2, 1)),
                "observers get no PROPOSAL in broadcast");
    }

    /** Goal: proposals committed together cost one COMMIT per follower; an observer still gets one INFORM each. */
    @Test
    void aCommitRunIsAnnouncedOnceToEachFollower() {
        Ensemble e = established(List.of(4L), b -> {});
        Ensemble.Member leader = e.member(3);
        leader.holdDurable = true;
        e.member(1).holdDurable = true;
        List<Long> zxids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            zxids.add(leader.peer.submit(new byte[] {(byte) i}).zxid());
        }
        e.drain(leader);
        e.deliverAll(); // follower 2 ACKs all three: 1 of 3 is no quorum
        assertEquals(z(1, 2), leader.appliedTo);
        int sentBefore = leader.sent.size();
        leader.makeDurable(); // the leader's own log completes the quorum for all three at once
        e.deliverAll();
        List<Ensemble.Envelope> run = leader.sent.subList(sentBefore, leader.sent.size());
        for (long follower : List.of(1L, 2L)) {
            List<Long> commits = run.stream()
                    .filter(m -> m.to() == follower && m.message() instanceof ZabMessage.QuorumPacket p
                            && p.body() instanceof ZabMessage.Commit)
                    .map(m -> ((ZabMessage.Commit) ((ZabMessage.QuorumPacket) m.message()).body()).zxid())
                    .toList();
            assertEquals(List.of(zxids.get(2)), commits, "one COMMIT of the run's last zxid to " + follower);
        }
        List<Long> informs = run.stream()
                .filter(m -> m.to() == 4 && m.message() instanceof ZabMessage.QuorumPacket p
                        && p.body() instanceof ZabMessage.Inform)
                .map(m -> ((ZabMessage.Inform) ((ZabMessage.QuorumPacket) m.message()).body()).zxid())
                .toList();
        assertEquals(zxids, informs, "the observer gets every transaction, in order");
        for (Ensemble.Member m : e.members.values()) {
            assertEquals(zxids.get(2), m.appliedTo, "peer " + m.id);
        }
    }

    @Test
    void leaderWithoutAQuorumWithinSyncLimitStepsDown() {
        Ensemble e = established(List.of(), b -> b.syncLimitTicks(50).pingIntervalTicks(10));
        e.isolated.add(1L);
        e.isolated.add(2L);
        e.tick(49);
        assertEquals(ServerState.LEADING, e.member(3).peer.state());
        e.tick(3);
        assertEquals(ServerState.LOOKING, e.member(3).peer.state());
        assertTrue(e.member(3).lastReason().contains("lost quorum"), e.member(3).lastReason());
    }

    @Test
    void zxidCounterRolloverStartsANewEpochKeepingCommittedData() {
        Ensemble e = established(List.of(), b -> b.counterRolloverThreshold(4));
        Ensemble.Member leader = e.member(3);
        for (int i = 1; i <= 3; i++) {
            assertEquals(SubmitResult.Status.PROPOSED, leader.peer.submit(new byte[] {(byte) i}).status());
            e.drain(leader);
        }
        assertEquals(SubmitResult.Status.ROLLOVER, leader.peer.submit(new byte[] {4}).status());
        e.deliverAll();
        e.tick(1);
        assertEquals(ServerState.LOOKING, leader.peer.state(), "steps down once in-flight proposals committed");
        assertTrue(leader.lastReason().contains("rollover"), leader.lastReason());
        e.tickUntilEstablished(2_000);
        Ensemble.Member next = e.leader();
        assertEquals(3, next.peer.epoch(), "a new epoch begins");
        for (Ensemble.Member m : e.members.values()) {
            assertEquals(List.of(z(1, 1), z(1, 2), z(2, 1), z(2, 2), z(2, 3)), m.log.zxids(), "peer " + m.id);
        }
        assertEquals(z(3, 1), next.peer.submit(new byte[] {5}).zxid());
    }
}
