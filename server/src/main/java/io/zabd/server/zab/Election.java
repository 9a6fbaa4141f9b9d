package io.zabd.server.zab;

import io.zabd.server.zab.ZabMessage.Notification;
import java.util.HashMap;
import java.util.Map;

/**
 * Fast leader election (ZooKeeper's FastLeaderElection.lookForLeader), as a state of a LOOKING peer.
 *
 * <p>A voter proposes itself, adopts any better proposal it hears (order: peerEpoch, zxid, server
 * id) and re-broadcasts it; once a quorum of the round's votes agree with its proposal and no better
 * one arrives for finalizeWait, it decides. Votes from peers already FOLLOWING or LEADING let a LOOKING
 * peer join an existing leader when a quorum of them agree and the leader itself says LEADING.
 * Notifications are re-sent when nothing arrives, at an interval doubling up to a maximum.
 * Observers never vote: they only learn the leader from peers outside the election.
 */
final class Election implements Role {
    private static final long NO_LEADER = -1;

    private final PeerContext ctx;
    private final ZabConfig config;
    private final boolean voter;
    private Vote proposal;
    /** Votes of this round (LOOKING senders at our electionEpoch, and our own). */
    private final Map<Long, Notification> recvset = new HashMap<>();
    /** Votes of peers outside the election (FOLLOWING / LEADING). */
    private final Map<Long, Notification> outofelection = new HashMap<>();
    private long finalizeDeadlineTick = -1;
    private long notificationTimeoutTicks;
    private long lastActivityTick;

    Election(PeerContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config;
        this.voter = config.amVoter();
        ctx.logicalclock++;
        this.notificationTimeoutTicks = config.notificationTimeoutMinTicks();
        this.lastActivityTick = ctx.tick;
        if (voter) {
            updateProposal(initialVote());
        } else {
            proposal = new Vote(NO_LEADER, -1, ctx.logicalclock, -1);
        }
        ctx.currentVote = proposal;
        sendNotifications();
        if (voter && agreeCount(recvset, proposal, true)) {
            finalizeDeadlineTick = ctx.tick + config.finalizeWaitTicks(); // a one-voter ensemble
        }
    }

    @Override
    public ZabPhase phase() {
        return ZabPhase.ELECTION;
    }

    @Override
    public long leaderId() {
        return -1;
    }

    @Override
    public long epoch() {
        return -1;
    }

    @Override
    public boolean established() {
        return false;
    }

    private Vote initialVote() {
        return new Vote(ctx.myId(), ctx.lastLoggedZxid, ctx.logicalclock, ctx.currentEpoch);
    }

    private void updateProposal(Vote v) {
        proposal = new Vote(v.leader(), v.zxid(), ctx.logicalclock, v.peerEpoch());
        ctx.currentVote = proposal;
        recvset.put(ctx.myId(), notificationOf(proposal));
        finalizeDeadlineTick = -1;
    }

    private Notification notificationOf(Vote v) {
        return new Notification(v.leader(), v.zxid(), v.electionEpoch(), v.peerEpoch(), ServerState.LOOKING);
    }

    private void sendNotifications() {
        Notification n = notificationOf(proposal);
        for (long id : config.voters()) {
            if (id != ctx.myId()) {
                ctx.send(id, n);
            }
        }
    }

    @Override
    public void onMessage(long from, ZabMessage message) {
        if (!(message instanceof Notification n) || ctx.transitionPending()) {
            return;
        }
        if (!config.isVoter(from)) {
            if (voter && n.state() == ServerState.LOOKING) {
                ctx.send(from, notificationOf(proposal)); // a LOOKING observer asks; it never votes
            }
            return; // observer traffic neither counts nor delays our resends
        }
        lastActivityTick = ctx.tick;
        if (n.state() == ServerState.LOOKING) {
            if (voter) {
                onLookingVote(from, n);
            }
        } else if (n.state() == ServerState.FOLLOWING || n.state() == ServerState.LEADING) {
            onOutOfElectionVote(from, n);
        }
    }

    private void onLookingVote(long from, Notification n) {
        if (!config.isVoter(n.leader())) {
            return; // not a valid proposal
        }
        if (n.electionEpoch() > ctx.logicalclock) {
            ctx.logicalclock = n.electionEpoch();
            recvset.clear();
            Vote mine = initialVote();
            updateProposal(mine.isBeatenBy(n.leader(), n.zxid(), n.peerEpoch()) ? n.vote() : mine);
            sendNotifications();
        } else if (n.electionEpoch() < ctx.logicalclock) {
            ctx.send(from, notificationOf(proposal)); // bring the sender up to our round
            return;
        } else if (proposal.isBeatenBy(n.leader(), n.zxid(), n.peerEpoch())) {
            updateProposal(n.vote());
            sendNotifications();
        }
        recvset.put(from, n);
        if (agreeCount(recvset, proposal, true)) {
            if (finalizeDeadlineTick < 0) {
                finalizeDeadlineTick = ctx.tick + config.finalizeWaitTicks();
            }
            maybeFinalize();
        } else {
            finalizeDeadlineTick = -1;
        }
    }

    private void onOutOfElectionVote(long from, Notification n) {
        Vote v = n.vote();
        if (voter && n.electionEpoch() == ctx.logicalclock) {
            recvset.put(from, n);
            if (agreeCount(recvset, v, false) && checkLeader(recvset, n.leader(), n.electionEpoch())) {
                decide(v, "joined leader " + n.leader() + " agreed in round " + n.electionEpoch());
                return;
            }
        }
        outofelection.put(from, n);
        if (agreeCount(outofelection, v, false) && checkLeader(outofelection, n.leader(), n.electionEpoch())) {
            ctx.logicalclock = n.electionEpoch();
            decide(v, "joined established leader " + n.leader() + " (peerEpoch " + n.peerEpoch() + ")");
        }
    }

    /**
     * True if a quorum of the votes agree with {@code v}: full equality for LOOKING votes, same leader
     * for votes of peers outside the election (see {@link Vote#sameLeader}).
     */
    private boolean agreeCount(Map<Long, Notification> votes, Vote v, boolean lookingRound) {
        java.util.List<Long> agreeing = new java.util.ArrayList<>();
        for (Map.Entry<Long, Notification> e : votes.entrySet()) {
            Notification n = e.getValue();
            Vote other = n.vote();
            boolean same = n.state() == ServerState.LOOKING || lookingRound ? other.sameRound(v) : other.sameLeader(v);
            if (same) {
                agreeing.add(e.getKey());
            }
        }
        return config.isQuorum(agreeing);
    }

    /** The leader must itself say LEADING; if it is us, the round must be ours. */
    private boolean checkLeader(Map<Long, Notification> votes, long leader, long electionEpoch) {
        if (leader == ctx.myId()) {
            return electionEpoch == ctx.logicalclock;
        }
        Notification n = votes.get(leader);
        return n != null && n.state() == ServerState.LEADING;
    }

    private void maybeFinalize() {
        if (finalizeDeadlineTick >= 0 && ctx.tick >= finalizeDeadlineTick && agreeCount(recvset, proposal, true)) {
            decide(proposal, "quorum agreed on " + proposal + " for finalizeWait");
        }
    }

    private void decide(Vote v, String reason) {
        ctx.currentVote = new Vote(v.leader(), v.zxid(), ctx.logicalclock, v.peerEpoch());
        ServerState next;
        if (v.leader() == ctx.myId()) {
            next = ServerState.LEADING;
        } else {
            next = voter ? ServerState.FOLLOWING : ServerState.OBSERVING;
        }
        ctx.requestState(next, v.leader(), reason);
    }

    @Override
    public void onTick() {
        if (ctx.transitionPending()) {
            return;
        }
        maybeFinalize();
        if (ctx.transitionPending()) {
            return;
        }
        if (ctx.tick - lastActivityTick >= notificationTimeoutTicks) {
            sendNotifications();
            notificationTimeoutTicks = Math.min(2 * notificationTimeoutTicks, config.notificationTimeoutMaxTicks());
            lastActivityTick = ctx.tick;
        }
    }

    @Override
    public void onDurable() {}

    @Override
    public void onPersisted() {}

    @Override
    public SubmitResult submit(byte[] txn) {
        return SubmitResult.of(SubmitResult.Status.NOT_READY);
    }
}
