package io.zabd.server.zab;

import io.zabd.engine.txn.Zxid;
import io.zabd.server.zab.ZabMessage.Ack;
import io.zabd.server.zab.ZabMessage.AckEpoch;
import io.zabd.server.zab.ZabMessage.Body;
import io.zabd.server.zab.ZabMessage.Commit;
import io.zabd.server.zab.ZabMessage.Diff;
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
import io.zabd.server.zab.ZabMessage.Snap;
import io.zabd.server.zab.ZabMessage.Trunc;
import io.zabd.server.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The FOLLOWING and OBSERVING states (ZooKeeper's Learner / Follower / Observer without threads).
 *
 * <p>Discovery: FOLLOWERINFO (OBSERVERINFO), LEADERINFO, persist acceptedEpoch, then ACKEPOCH.
 * Synchronisation: a DIFF / TRUNC / SNAP header, proposals, NEWLEADER; the NEWLEADER ACK is sent only
 * when every log operation received in sync is durable <em>and then</em> currentEpoch is persisted,
 * so a crash can never leave a peer with the new currentEpoch and a shorter log (the ZK-3911 /
 * ZK-4646 class of bugs). After a SNAP header the snapshot and the proposals that follow are held
 * and installed as one log operation at NEWLEADER, so a crash never leaves the snapshot without
 * committed proposals the peer held before (the ZK-3642 class). Broadcast: proposals are ACKed as the log makes them durable (followers),
 * commits applied in order; observers take INFORMs. Any unexpected packet, a gap in the leader's
 * stream, or silence beyond initLimit (before UPTODATE) / syncLimit (after) sends the peer back to
 * LOOKING.
 */
final class FollowerRole implements Role {
    private enum Step {
        /** FOLLOWERINFO sent, waiting for LEADERINFO. */
        CONNECTING,
        /** acceptedEpoch being persisted before ACKEPOCH. */
        PERSIST_ACCEPTED,
        /** ACKEPOCH sent, waiting for the sync header. */
        AWAIT_SYNC,
        /** Receiving the sync stream. */
        SYNCING,
        /** NEWLEADER received; ACK waits for durability and currentEpoch. */
        NEWLEADER_PENDING,
        /** NEWLEADER ACKed, waiting for UPTODATE. */
        AWAIT_UPTODATE,
        BROADCAST
    }

    private final PeerContext ctx;
    private final ZabConfig config;
    private final long leaderId;
    private final boolean observer;
    private final LearnerLink link;
    private Step step = Step.CONNECTING;
    private long newEpoch = -1;
    private long leaderCommit = -1;
    private long newLeaderZxid = -1;
    private long syncEndOpSeq = -1;
    private long lastAckSent = -1;
    private long lastHeardTick;
    private long lastInfoSentTick;
    /** After a SNAP header: the snapshot's zxid and the proposals that follow, installed at NEWLEADER. */
    private long snapZxid = -1;
    private final List<LogEntry> snapEntries = new ArrayList<>();

    FollowerRole(PeerContext ctx, long leaderId, boolean observer) {
        this.ctx = ctx;
        this.config = ctx.config;
        this.leaderId = leaderId;
        this.observer = observer;
        this.link = new LearnerLink(leaderId, ctx.nextConnId(), 0);
        this.lastHeardTick = ctx.tick;
        this.lastInfoSentTick = ctx.tick;
        long accepted = ctx.requestedAcceptedEpoch(); // a pending write may yet become durable
        long acceptedFrom = ctx.requestedAcceptedLeader();
        link.send(ctx, observer ? new ObserverInfo(accepted, acceptedFrom, ctx.lastLoggedZxid)
                : new FollowerInfo(accepted, acceptedFrom, ctx.lastLoggedZxid));
    }

    @Override
    public ZabPhase phase() {
        return switch (step) {
            case CONNECTING, PERSIST_ACCEPTED -> ZabPhase.DISCOVERY;
            case BROADCAST -> ZabPhase.BROADCAST;
            default -> ZabPhase.SYNCHRONIZATION;
        };
    }

    @Override
    public long leaderId() {
        return leaderId;
    }

    @Override
    public long epoch() {
        return newEpoch;
    }

    @Override
    public boolean established() {
        return step == Step.BROADCAST;
    }

    private void fail(String reason) {
        ctx.requestState(ServerState.LOOKING, -1, "left leader " + leaderId + ": " + reason);
    }

    @Override
    public void onMessage(long from, ZabMessage message) {
        if (!(message instanceof QuorumPacket p) || ctx.transitionPending()) {
            return;
        }
        LearnerLink.Receive r = link.receive(from, p);
        if (r == LearnerLink.Receive.IGNORE) {
            return;
        }
        if (r == LearnerLink.Receive.GAP) {
            fail("packet " + p.seq() + " arrived before an earlier one: link broken");
            return;
        }
        lastHeardTick = ctx.tick;
        Body body = p.body();
        if (body instanceof Ping) {
            if (step != Step.CONNECTING) {
                link.send(ctx, new Ping());
            }
        } else if (body instanceof LeaderInfo li) {
            onLeaderInfo(li);
        } else if (body instanceof Diff || body instanceof Trunc || body instanceof Snap) {
            onSyncHeader(body);
        } else if (body instanceof Proposal prop) {
            onProposal(prop);
        } else if (body instanceof Commit c) {
            onCommit(c.zxid());
        } else if (body instanceof Inform inf) {
            onInform(inf);
        } else if (body instanceof NewLeader nl) {
            onNewLeader(nl);
        } else if (body instanceof UpToDate u) {
            onUpToDate(u);
        } else if (body instanceof Sync) {
            if (step != Step.BROADCAST) {
                fail("SYNC in " + step); // the runtime hands its payload to the client pipeline
            }
        } else {
            fail("unexpected " + body.getClass().getSimpleName());
        }
    }

    private void onLeaderInfo(LeaderInfo li) {
        if (step != Step.CONNECTING) {
            fail("LEADERINFO in " + step);
            return;
        }
        if (li.newEpoch() < ctx.requestedAcceptedEpoch()
                || (li.newEpoch() == ctx.requestedAcceptedEpoch() && ctx.requestedAcceptedLeader() != leaderId)) {
            fail("leader's epoch " + li.newEpoch() + " conflicts with the acceptedEpoch " + ctx.requestedAcceptedEpoch()
                    + " requested for leader " + ctx.requestedAcceptedLeader());
            return;
        }
        if (li.newEpoch() < ctx.acceptedEpoch) {
            fail("leader's epoch " + li.newEpoch() + " is below acceptedEpoch " + ctx.acceptedEpoch);
            return;
        }
        if (li.newEpoch() == ctx.acceptedEpoch && ctx.acceptedEpochLeader != leaderId) {
            fail("epoch " + li.newEpoch() + " was already accepted from leader " + ctx.acceptedEpochLeader);
            return;
        }
        newEpoch = li.newEpoch();
        step = Step.PERSIST_ACCEPTED;
        ctx.persistAcceptedEpoch(newEpoch, leaderId);
        maybeAckEpoch();
    }

    private void maybeAckEpoch() {
        if (step == Step.PERSIST_ACCEPTED && ctx.acceptedEpoch >= newEpoch) {
            if (ctx.acceptedEpoch > newEpoch || ctx.acceptedEpochLeader != leaderId) {
                // an earlier request (another leader's) became durable first: never ACK one epoch twice
                fail("acceptedEpoch " + ctx.acceptedEpoch + " from leader " + ctx.acceptedEpochLeader
                        + " instead of " + newEpoch + " from " + leaderId);
                return;
            }
            link.send(ctx, new AckEpoch(ctx.currentEpoch, ctx.lastLoggedZxid));
            step = Step.AWAIT_SYNC;
        }
    }

    private void onSyncHeader(Body header) {
        if (step != Step.AWAIT_SYNC) {
            fail("sync header in " + step);
            return;
        }
        if (header instanceof Diff d) {
            leaderCommit = d.committedZxid();
        } else if (header instanceof Trunc t) {
            if (!ctx.log.contains(t.truncZxid()) || t.truncZxid() < ctx.appliedZxid) {
                fail("TRUNC to " + Zxid.toHex(t.truncZxid()) + " which this log cannot truncate to (applied "
                        + Zxid.toHex(ctx.appliedZxid) + ")");
                return;
            }
            ctx.truncate(t.truncZxid());
            leaderCommit = t.committedZxid();
        } else {
            Snap s = (Snap) header;
            snapZxid = s.snapshotZxid(); // installed with its proposals, atomically, at NEWLEADER
            leaderCommit = s.committedZxid();
        }
        step = Step.SYNCING;
        applyCommitted();
    }

    private boolean receivingProposals() {
        return step == Step.SYNCING || step == Step.NEWLEADER_PENDING || step == Step.AWAIT_UPTODATE
                || step == Step.BROADCAST;
    }

    private void onProposal(Proposal prop) {
        if (!receivingProposals() || (observer && step != Step.SYNCING)) {
            fail("PROPOSAL in " + step);
            return;
        }
        if (snapZxid >= 0) {
            long last = snapEntries.isEmpty() ? snapZxid : snapEntries.get(snapEntries.size() - 1).zxid();
            if (prop.zxid() <= last || Zxid.epoch(prop.zxid()) > newEpoch) {
                fail("PROPOSAL " + Zxid.toHex(prop.zxid()) + " out of order in SNAP after " + Zxid.toHex(last));
                return;
            }
            snapEntries.add(new LogEntry(prop.zxid(), prop.txn()));
            return;
        }
        if (prop.zxid() <= ctx.lastLoggedZxid
                || (step != Step.SYNCING && Zxid.epoch(prop.zxid()) != newEpoch)
                || Zxid.epoch(prop.zxid()) > newEpoch) {
            fail("PROPOSAL " + Zxid.toHex(prop.zxid()) + " out of order after " + Zxid.toHex(ctx.lastLoggedZxid));
            return;
        }
        ctx.append(prop.zxid(), prop.txn());
    }

    private void onInform(Inform inf) {
        if (!observer || !(step == Step.AWAIT_UPTODATE || step == Step.BROADCAST || step == Step.NEWLEADER_PENDING)
                || inf.zxid() <= ctx.lastLoggedZxid) {
            fail("INFORM " + Zxid.toHex(inf.zxid()) + " in " + step);
            return;
        }
        ctx.append(inf.zxid(), inf.txn());
        onCommit(inf.zxid());
    }

    private void onCommit(long zxid) {
        if (!receivingProposals()) {
            fail("COMMIT in " + step);
            return;
        }
        leaderCommit = Math.max(leaderCommit, zxid);
        applyCommitted();
    }

    private void applyCommitted() {
        if (snapZxid < 0) {
            ctx.applyTo(Math.min(leaderCommit, ctx.lastLoggedZxid));
        }
    }

    private void onNewLeader(NewLeader nl) {
        if (step != Step.SYNCING || nl.epoch() != newEpoch) {
            fail("NEWLEADER for epoch " + nl.epoch() + " in " + step);
            return;
        }
        if (snapZxid >= 0) {
            ctx.installSnapshot(snapZxid, leaderId, snapEntries);
            snapZxid = -1;
            snapEntries.clear();
        }
        if (nl.lastZxid() != ctx.lastLoggedZxid) {
            fail("NEWLEADER says the log ends at " + Zxid.toHex(nl.lastZxid()) + " but it ends at "
                    + Zxid.toHex(ctx.lastLoggedZxid));
            return;
        }
        applyCommitted();
        newLeaderZxid = nl.lastZxid();
        syncEndOpSeq = ctx.lastIssuedOpSeq();
        step = Step.NEWLEADER_PENDING;
        progressNewLeader();
    }

    /** Log durable through the sync stream, then currentEpoch persisted, then (only then) the ACK. */
    private void progressNewLeader() {
        if (step != Step.NEWLEADER_PENDING || ctx.durableOpSeq() < syncEndOpSeq) {
            return;
        }
        if (ctx.currentEpoch < newEpoch) {
            ctx.persistCurrentEpoch(newEpoch, leaderId);
            return;
        }
        link.send(ctx, new Ack(newLeaderZxid));
        lastAckSent = newLeaderZxid;
        step = Step.AWAIT_UPTODATE;
        sendAcks();
    }

    private void sendAcks() {
        if (observer || lastAckSent < 0) {
            return;
        }
        long durable = ctx.durableZxid();
        if (durable > lastAckSent) {
            link.send(ctx, new Ack(durable));
            lastAckSent = durable;
        }
    }

    private void onUpToDate(UpToDate u) {
        if (step != Step.AWAIT_UPTODATE) {
            fail("UPTODATE in " + step);
            return;
        }
        step = Step.BROADCAST;
        onCommit(u.committedZxid());
        ctx.stateChange(new Ready.StateChange(observer ? ServerState.OBSERVING : ServerState.FOLLOWING,
                ZabPhase.BROADCAST, leaderId, newEpoch, true, "UPTODATE from leader " + leaderId, ctx.tick));
    }

    @Override
    public void onDurable() {
        if (ctx.transitionPending()) {
            return;
        }
        progressNewLeader();
        sendAcks();
    }

    @Override
    public void onPersisted() {
        if (ctx.transitionPending()) {
            return;
        }
        maybeAckEpoch();
        progressNewLeader();
    }

    @Override
    public void onTick() {
        if (ctx.transitionPending()) {
            return;
        }
        long limit = step == Step.BROADCAST ? config.syncLimitTicks() : config.initLimitTicks();
        if (ctx.tick - lastHeardTick > limit) {
            fail("nothing heard for " + (ctx.tick - lastHeardTick) + " ticks in " + step);
        } else if (step == Step.CONNECTING && ctx.tick - lastInfoSentTick >= config.pingIntervalTicks()) {
            // the leader may not have been LEADING yet when FOLLOWERINFO arrived (ZooKeeper retries the connect)
            lastInfoSentTick = ctx.tick;
            link.resendFirst(ctx);
        }
    }

    @Override
    public SubmitResult submit(byte[] txn) {
        if (step != Step.BROADCAST || ctx.transitionPending()) {
            return SubmitResult.of(SubmitResult.Status.NOT_READY);
        }
        link.send(ctx, new Request(txn));
        return SubmitResult.of(SubmitResult.Status.FORWARDED);
    }
}
