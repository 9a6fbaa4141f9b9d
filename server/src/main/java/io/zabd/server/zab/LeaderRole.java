package io.zabd.server.zab;

import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import io.zabd.server.zab.LearnerHandler.Phase;
import io.zabd.server.zab.ZabMessage.Ack;
import io.zabd.server.zab.ZabMessage.AckEpoch;
import io.zabd.server.zab.ZabMessage.Body;
import io.zabd.server.zab.ZabMessage.Commit;
import io.zabd.server.zab.ZabMessage.FollowerInfo;
import io.zabd.server.zab.ZabMessage.Inform;
import io.zabd.server.zab.ZabMessage.LeaderInfo;
import io.zabd.server.zab.ZabMessage.NewLeader;
import io.zabd.server.zab.ZabMessage.ObserverInfo;
import io.zabd.server.zab.ZabMessage.Ping;
import io.zabd.server.zab.ZabMessage.Proposal;
import io.zabd.server.zab.ZabMessage.QuorumPacket;
import io.zabd.server.zab.ZabMessage.Request;
import io.zabd.server.zab.ZabMessage.Sync;
import io.zabd.server.zab.ZabMessage.UpToDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LEADING state: discovery (pick the new epoch from a quorum's acceptedEpochs, collect
 * ACKEPOCHs), synchronisation (DIFF / TRUNC / SNAP per learner, NEWLEADER, establish on a quorum of
 * NEWLEADER ACKs counting itself, UPTODATE) and broadcast (PROPOSAL, ACK, COMMIT in zxid order,
 * INFORM to observers). Steps down to LOOKING when not established within initLimit, when fewer than
 * a quorum of voters were heard within syncLimit, or when the zxid counter reaches its rollover
 * threshold.
 */
final class LeaderRole implements Role {
    private final PeerContext ctx;
    private final ZabConfig config;
    private final long startTick;
    /** The leader's state summary at election (ZooKeeper's leaderStateSummary). */
    private final long summaryEpoch;
    private final long summaryZxid;
    private final Map<Long, LearnerHandler> handlers = new HashMap<>();

    // discovery
    private final Map<Long, Long> connectingEpochs = new HashMap<>();
    private long newEpoch = -1;
    private final Set<Long> epochAcks = new HashSet<>();
    private boolean epochAckQuorum;
    /** The leader's history to establish: its log end when the epoch-ack quorum formed. */
    private long historyEnd = -1;

    // synchronisation
    private final Set<Long> newLeaderAcks = new HashSet<>();
    private boolean established;

    // broadcast
    private long nextCounter = 1;
    private long commitZxid = -1;
    /** Proposals not yet committed, in zxid order (appended in order, committed from the front). */
    private final ArrayDeque<Proposal> outstanding = new ArrayDeque<>();
    /** The proposals committed by the current {@link #tryCommit} call (scratch, empty between calls). */
    private final ArrayList<Proposal> committedRun = new ArrayList<>();
    /** Learners' syncs waiting for the COMMIT of {@code afterZxid}, in zxid order. */
    private final ArrayDeque<PendingSync> pendingSyncs = new ArrayDeque<>();

    private record PendingSync(long afterZxid, long learner, byte[] payload) {}
    private long lastPingTick;
    private long rolloverSinceTick = -1;

    LeaderRole(PeerContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config;
        this.startTick = ctx.tick;
        this.lastPingTick = ctx.tick;
        this.summaryEpoch = ctx.currentEpoch;
        this.summaryZxid = ctx.lastLoggedZxid;
        // a write still pending from an earlier role may yet become durable: count it
        connectingEpochs.put(ctx.myId(), ctx.requestedAcceptedEpoch());
        maybeDecideEpoch();
    }

    @Override
    public ZabPhase phase() {
        if (established) {
            return ZabPhase.BROADCAST;
        }
        return epochAckQuorum ? ZabPhase.SYNCHRONIZATION : ZabPhase.DISCOVERY;
    }

    @Override
    public long leaderId() {
        return ctx.myId();
    }

    @Override
    public long epoch() {
        return newEpoch;
    }

    @Override
    public boolean established() {
        return established;
    }

    // ---------------------------------------------------------------- input

    @Override
    public void onMessage(long from, ZabMessage message) {
        if (!(message instanceof QuorumPacket p) || ctx.transitionPending()) {
            return;
        }
        Body body = p.body();
        if (p.seq() == 0 && (body instanceof FollowerInfo || body instanceof ObserverInfo)) {
            onLearnerInfo(from, p);
            return;
        }
        LearnerHandler h = handlers.get(from);
        if (h == null) {
            return;
        }
        LearnerLink.Receive r = h.link.receive(from, p);
        if (r == LearnerLink.Receive.IGNORE) {
            return;
        }
        if (r == LearnerLink.Receive.GAP) {
            drop(h);
            return;
        }
        h.lastHeardTick = ctx.tick;
        if (body instanceof AckEpoch ae) {
            onAckEpoch(h, ae);
        } else if (body instanceof Ack ack) {
            onAck(h, ack.zxid());
        } else if (body instanceof Request req) {
            if (h.phase == Phase.BROADCAST) {
                submit(req.txn()); // a rejected forwarded write is dropped; its client times out
            }
        } else if (!(body instanceof Ping)) {
            drop(h); // a packet a learner never sends: protocol error
        }
    }

    private void onLearnerInfo(long from, QuorumPacket p) {
        boolean observer = p.body() instanceof ObserverInfo;
        if (observer ? !config.isObserver(from) : !config.isVoter(from)) {
            return;
        }
        LearnerHandler old = handlers.get(from);
        if (old != null && p.connId() <= old.link.connId) {
            return; // duplicate or stale connection attempt
        }
        long accepted;
        long acceptedFrom;
        long lastZxid;
        if (p.body() instanceof FollowerInfo fi) {
            accepted = fi.acceptedEpoch();
            acceptedFrom = fi.acceptedEpochLeader();
            lastZxid = fi.lastZxid();
        } else {
            ObserverInfo oi = (ObserverInfo) p.body();
            accepted = oi.acceptedEpoch();
            acceptedFrom = oi.acceptedEpochLeader();
            lastZxid = oi.lastZxid();
        }
        if (newEpoch >= 0 && (accepted > newEpoch || (accepted == newEpoch && acceptedFrom != ctx.myId()))) {
            // This learner can never join our epoch: it accepted a later one, or this number from
            // another leader. An established leader makes way for a new epoch that can include it.
            if (established) {
                ctx.requestState(ServerState.LOOKING, -1, "peer " + from + " accepted epoch " + accepted
                        + " from leader " + acceptedFrom + ": starting a new epoch it can join");
            }
            return;
        }
        LearnerHandler h = new LearnerHandler(new LearnerLink(from, p.connId(), 1), observer, lastZxid, ctx.tick);
        handlers.put(from, h);
        if (!observer && newEpoch < 0) {
            connectingEpochs.put(from, accepted);
            maybeDecideEpoch();
        }
        if (newEpoch >= 0 && ctx.acceptedEpoch >= newEpoch) {
            sendLeaderInfo(h);
        }
    }

    private void maybeDecideEpoch() {
        if (newEpoch >= 0 || !config.isQuorum(connectingEpochs.keySet())) {
            return;
        }
        long max = 0;
        for (long e : connectingEpochs.values()) {
            max = Math.max(max, e);
        }
        newEpoch = max + 1;
        Invariants.check(newEpoch < Zxid.COUNTER_MASK, "epoch space exhausted: %d", newEpoch);
        ctx.persistAcceptedEpoch(newEpoch, ctx.myId());
    }

    private void sendLeaderInfo(LearnerHandler h) {
        h.link.send(ctx, new LeaderInfo(newEpoch));
        h.phase = Phase.AWAIT_ACKEPOCH;
    }

    private void onAckEpoch(LearnerHandler h, AckEpoch ae) {
        if (h.phase != Phase.AWAIT_ACKEPOCH) {
            drop(h);
            return;
        }
        // Until a quorum acked the epoch, ZAB forbids leading a learner whose history is more recent
        // than ours (ZooKeeper's leaderStateSummary check); later joiners are synced to our history.
        boolean ahead = ae.currentEpoch() > summaryEpoch
                || (ae.currentEpoch() == summaryEpoch && ae.lastZxid() > summaryZxid);
        if (!epochAckQuorum && ahead) {
            drop(h);
            return;
        }
        h.learnerLastZxid = ae.lastZxid();
        h.phase = Phase.AWAIT_SYNC;
        if (!h.observer) {
            epochAcks.add(h.sid());
        }
        maybeEpochAckQuorum();
        if (epochAckQuorum && h.phase == Phase.AWAIT_SYNC) {
            sync(h);
        }
    }

    private void maybeEpochAckQuorum() {
        if (epochAckQuorum || newEpoch < 0 || ctx.acceptedEpoch < newEpoch) {
            return;
        }
        Set<Long> acks = new HashSet<>(epochAcks);
        acks.add(ctx.myId());
        if (!config.isQuorum(acks)) {
            return;
        }
        epochAckQuorum = true;
        historyEnd = ctx.lastLoggedZxid;
        for (LearnerHandler h : new ArrayList<>(handlers.values())) {
            if (h.phase == Phase.AWAIT_SYNC) {
                sync(h);
            }
        }
        maybePersistCurrentEpoch();
    }

    /** currentEpoch is persisted only once the leader's own history is durable. */
    private void maybePersistCurrentEpoch() {
        if (epochAckQuorum && ctx.allIssuedDurable()) {
            ctx.persistCurrentEpoch(newEpoch, ctx.myId());
        }
    }

    private void sync(LearnerHandler h) {
        Invariants.check(ctx.log.lastZxid() == ctx.lastLoggedZxid,
                "log view ends at 0x%x but the core issued up to 0x%x: Ready not executed before the next input",
                ctx.log.lastZxid(), ctx.lastLoggedZxid);
        long last = ctx.lastLoggedZxid;
        SyncPlan plan = SyncPlan.choose(ctx.log, h.learnerLastZxid, last, ctx.appliedZxid, config.syncDiffMaxTxns());
        long committed = Math.max(ctx.appliedZxid, 0);
        switch (plan.kind()) {
            case DIFF -> h.link.send(ctx, new ZabMessage.Diff(committed));
            case TRUNC -> h.link.send(ctx, new ZabMessage.Trunc(plan.fromZxid(), committed));
            case SNAP -> {
                h.link.send(ctx, new ZabMessage.Snap(plan.fromZxid(), committed));
                ctx.snapshotSend(h.sid(), plan.fromZxid());
            }
        }
        long expect = plan.fromZxid();
        for (LogEntry e : plan.entries()) {
            Invariants.check(e.zxid() > expect, "log view out of order at 0x%x", e.zxid());
            expect = e.zxid();
            h.link.send(ctx, new Proposal(e.zxid(), e.txn()));
        }
        Invariants.check(expect == last, "sync stream ends at 0x%x, log at 0x%x", expect, last);
        h.syncLast = last;
        h.phase = Phase.SYNCED;
        if (ctx.currentEpoch >= newEpoch) {
            sendNewLeader(h);
        }
    }

    private void sendNewLeader(LearnerHandler h) {
        h.link.send(ctx, new NewLeader(newEpoch, h.syncLast));
        h.newLeaderSent = true;
    }

    private void onAck(LearnerHandler h, long zxid) {
        if (h.phase == Phase.SYNCED) {
            if (!h.newLeaderSent || zxid != h.syncLast) {
                drop(h);
                return;
            }
            h.ackedZxid = zxid;
            h.phase = Phase.NEWLEADER_ACKED;
            if (!h.observer) {
                newLeaderAcks.add(h.sid());
            }
            if (established) {
                sendUpToDate(h);
                tryCommit(); // its log may complete a quorum for proposals it received in sync
            } else {
                maybeEstablish();
            }
        } else if (h.newLeaderAcked()) {
            if (!h.observer && zxid > h.ackedZxid) {
                h.ackedZxid = zxid;
                tryCommit();
            }
        } else {
            drop(h);
        }
    }

    private void maybeEstablish() {
        if (established || !epochAckQuorum || ctx.currentEpoch < newEpoch || !ctx.allIssuedDurable()) {
            return;
        }
        Set<Long> acks = new HashSet<>(newLeaderAcks);
        acks.add(ctx.myId());
        if (!config.isQuorum(acks)) {
            return;
        }
        established = true;
        commitZxid = historyEnd;
        ctx.applyTo(historyEnd);
        ctx.stateChange(new Ready.StateChange(ServerState.LEADING, ZabPhase.BROADCAST, ctx.myId(), newEpoch, true,
                "quorum acknowledged NEWLEADER " + acks, ctx.tick));
        for (LearnerHandler h : handlers.values()) {
            if (h.phase == Phase.NEWLEADER_ACKED) {
                sendUpToDate(h);
            }
        }
    }

    private void sendUpToDate(LearnerHandler h) {
        h.link.send(ctx, new UpToDate(commitZxid));
        h.phase = Phase.BROADCAST;
    }

    @Override
    public void onDurable() {
        if (ctx.transitionPending()) {
            return;
        }
        maybePersistCurrentEpoch();
        maybeEstablish();
        if (established) {
            tryCommit();
        }
    }

    @Override
    public void onPersisted() {
        if (ctx.transitionPending() || newEpoch < 0) {
            return;
        }
        if (ctx.acceptedEpoch >= newEpoch) {
            for (LearnerHandler h : handlers.values()) {
                if (h.phase == Phase.AWAIT_EPOCH) {
                    sendLeaderInfo(h);
                }
            }
            maybeEpochAckQuorum();
        }
        if (ctx.currentEpoch >= newEpoch) {
            for (LearnerHandler h : handlers.values()) {
                if (h.phase == Phase.SYNCED && !h.newLeaderSent) {
                    sendNewLeader(h);
                }
            }
            maybeEstablish();
        }
    }

    // ---------------------------------------------------------------- broadcast

    @Override
    public SubmitResult submit(byte[] txn) {
        if (!established || ctx.transitionPending()) {
            return SubmitResult.of(SubmitResult.Status.NOT_READY);
        }
        if (nextCounter >= config.counterRolloverThreshold()) {
            startRollover();
            return SubmitResult.of(SubmitResult.Status.ROLLOVER);
        }
        if (outstanding.size() >= config.proposalsInFlightMax()) {
            return SubmitResult.of(SubmitResult.Status.BUSY);
        }
        long zxid = Zxid.of(newEpoch, nextCounter++);
        ctx.append(zxid, txn);
        Proposal proposal = new Proposal(zxid, txn);
        outstanding.addLast(proposal);
        for (LearnerHandler h : handlers.values()) {
            if (!h.observer && h.synced()) {
                h.link.send(ctx, proposal);
            }
        }
        if (nextCounter >= config.counterRolloverThreshold()) {
            startRollover();
        }
        tryCommit();
        return SubmitResult.proposed(zxid);
    }

    /**
     * ZooKeeper's Leader.processSync: with nothing outstanding the SYNC goes now, else right after the
     * COMMIT of the last proposal made so far (on the same link, so the learner applies that first).
     */
    @Override
    public boolean sendSync(long learnerId, byte[] payload) {
        LearnerHandler h = handlers.get(learnerId);
        if (!established || ctx.transitionPending() || h == null || h.phase != Phase.BROADCAST) {
            return false;
        }
        if (outstanding.isEmpty()) {
            h.link.send(ctx, new Sync(payload));
        } else {
            pendingSyncs.add(new PendingSync(outstanding.peekLast().zxid(), learnerId, payload));
        }
        return true;
    }

    @Override
    public int pendingSyncs() {
        return pendingSyncs.size();
    }

    /** A SYNC that waited for the COMMIT of its {@code afterZxid}, which was just announced. */
    private void sendSync(PendingSync s) {
        LearnerHandler h = handlers.get(s.learner());
        if (h != null && h.phase == Phase.BROADCAST) {
            h.link.send(ctx, new Sync(s.payload()));
        }
    }

    private void startRollover() {
        if (rolloverSinceTick < 0) {
            rolloverSinceTick = ctx.tick;
        }
    }

    /**
     * Commits, strictly in zxid order, every outstanding proposal a quorum of voters has durably,
     * then tells the learners once for the whole run: one COMMIT of the last committed zxid per
     * follower (COMMIT means "everything up to this zxid is committed"), and to an observer one
     * COMMIT for what it got in sync followed by an INFORM per later transaction.
     */
    private void tryCommit() {
        long first = -1;
        while (!outstanding.isEmpty()) {
            long zxid = outstanding.peekFirst().zxid();
            if (!ackedByQuorum(zxid)) {
                break;
            }
            Invariants.check(zxid > commitZxid, "commit of 0x%x after 0x%x", zxid, commitZxid);
            commitZxid = zxid;
            committedRun.add(outstanding.pollFirst());
            if (first < 0) {
                first = zxid;
            }
        }
        if (first < 0) {
            return;
        }
        // A learner's SYNC must follow the COMMIT of what was proposed before it and precede the COMMIT
        // of anything after it (the learner answers in its client's order): split the run at each SYNC.
        long announced = first - 1;
        while (!pendingSyncs.isEmpty() && pendingSyncs.peek().afterZxid() <= commitZxid) {
            long upTo = Math.max(pendingSyncs.peek().afterZxid(), announced);
            announceRun(announced, upTo);
            announced = upTo;
            sendSync(pendingSyncs.poll());
        }
        announceRun(announced, commitZxid);
        committedRun.clear();
        ctx.applyTo(commitZxid);
    }

    /** Announces the committed proposals with after < zxid <= upTo (none: nothing sent) to every synced learner. */
    private void announceRun(long after, long upTo) {
        if (upTo <= after) {
            return;
        }
        for (LearnerHandler h : handlers.values()) {
            if (h.synced()) {
                announceCommits(h, after, upTo);
            }
        }
    }

    private boolean ackedByQuorum(long zxid) {
        int acks = ctx.durableZxid() >= zxid && config.isVoter(ctx.myId()) ? 1 : 0;
        for (LearnerHandler h : handlers.values()) {
            if (!h.observer && h.newLeaderAcked() && h.ackedZxid >= zxid && config.isVoter(h.sid())) {
                acks++;
            }
        }
        return config.isQuorumCount(acks);
    }

    /** The COMMIT (and for an observer the INFORMs) for the run in {@link #committedRun}. */
    private void announceCommits(LearnerHandler h, long after, long upTo) {
        if (!h.observer) {
            h.link.send(ctx, new Commit(upTo));
            return;
        }
        long inSync = -1;
        for (Proposal p : committedRun) {
            if (p.zxid() > after && p.zxid() <= upTo && p.zxid() <= h.syncLast) {
                inSync = p.zxid();
            }
        }
        if (inSync >= 0) {
            h.link.send(ctx, new Commit(inSync));
        }
        for (Proposal p : committedRun) {
            if (p.zxid() > after && p.zxid() <= upTo && p.zxid() > h.syncLast) {
                h.link.send(ctx, new Inform(p.zxid(), p.txn()));
            }
        }
    }

    // ---------------------------------------------------------------- time

    @Override
    public void onTick() {
        if (ctx.transitionPending()) {
            return;
        }
        if (ctx.tick - lastPingTick >= config.pingIntervalTicks()) {
            lastPingTick = ctx.tick;
            for (LearnerHandler h : handlers.values()) {
                h.link.send(ctx, new Ping());
            }
        }
        for (LearnerHandler h : new ArrayList<>(handlers.values())) {
            long limit = h.phase == Phase.BROADCAST ? config.syncLimitTicks() : config.initLimitTicks();
            if (ctx.tick - h.lastHeardTick > limit) {
                drop(h);
            }
        }
        if (!established) {
            if (ctx.tick - startTick > config.initLimitTicks()) {
                ctx.requestState(ServerState.LOOKING, -1, "epoch " + newEpoch + " not established within initLimit");
            }
            return;
        }
        List<Long> live = new ArrayList<>();
        live.add(ctx.myId());
        for (LearnerHandler h : handlers.values()) {
            if (!h.observer && h.newLeaderAcked() && ctx.tick - h.lastHeardTick <= config.syncLimitTicks()) {
                live.add(h.sid());
            }
        }
        if (!config.isQuorum(live)) {
            ctx.requestState(ServerState.LOOKING, -1, "lost quorum: only " + live + " live within syncLimit");
        } else if (rolloverSinceTick >= 0
                && (outstanding.isEmpty() || ctx.tick - rolloverSinceTick > config.rolloverDrainTicks())) {
            ctx.requestState(ServerState.LOOKING, -1, "zxid counter rollover in epoch " + newEpoch
                    + ": stepping down so a new epoch begins");
        }
    }

    private void drop(LearnerHandler h) {
        handlers.remove(h.sid());
    }
}
