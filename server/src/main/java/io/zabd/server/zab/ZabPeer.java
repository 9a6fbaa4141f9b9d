package io.zabd.server.zab;

import io.zabd.engine.util.Invariants;
import io.zabd.server.zab.ZabMessage.Notification;
import java.util.Objects;

/**
 * One peer's ZAB core: a deterministic state machine with no threads, clocks or I/O.
 *
 * <p>Inputs: {@link #step} (a message from a peer), {@link #tick} (one tick of the caller's clock),
 * {@link #onDurable} (the log writer's progress), {@link #onPersisted} (the epoch store's),
 * {@link #submit} (a client write). Output: {@link #ready()}, whose contract is documented on
 * {@link Ready}. The caller executes each batch before the next input.
 *
 * <p>States are ZooKeeper's (LOOKING, FOLLOWING, LEADING, OBSERVING); each has its role object
 * ({@link Election}, {@link LeaderRole}, {@link FollowerRole}). Roles request transitions; the peer
 * performs them after the input, through one {@code state(next, reason)} that records why in the
 * batch's state changes.
 */
public final class ZabPeer {
    private final PeerContext ctx;
    private ServerState state;
    private Role role;

    /**
     * @param config        ensemble and limits
     * @param incarnation   a number that increases each time this peer's process starts (e.g. a
     *                      persisted boot counter): it makes learner connection ids unique
     * @param log           the peer's recovered log (durable)
     * @param acceptedEpoch the persisted acceptedEpoch
     * @param acceptedEpochLeader the leader it was accepted from, as persisted (-1 if unknown)
     * @param currentEpoch  the persisted currentEpoch
     * @param appliedZxid   the zxid the recovered state machine (snapshot) is at
     */
    public ZabPeer(ZabConfig config, long incarnation, LogView log, long acceptedEpoch, long acceptedEpochLeader,
                   long currentEpoch, long appliedZxid) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(log, "log");
        this.ctx = new PeerContext(config, incarnation, log, acceptedEpoch, acceptedEpochLeader, currentEpoch,
                appliedZxid);
        this.state = ServerState.LOOKING;
        this.role = new Election(ctx);
        ctx.stateChange(new Ready.StateChange(state, ZabPhase.ELECTION, -1, -1, false, "started", ctx.tick));
        performTransitions();
    }

    // ---------------------------------------------------------------- inputs

    /** A message from peer {@code from}. */
    public void step(long from, ZabMessage message) {
        Objects.requireNonNull(message, "message");
        if (from == ctx.myId() || !(ctx.config.isVoter(from) || ctx.config.isObserver(from))) {
            return; // not a member of the ensemble
        }
        if (message instanceof Notification n && state != ServerState.LOOKING) {
            replyOutsideElection(from, n);
        } else {
            role.onMessage(from, message);
        }
        performTransitions();
    }

    /** A peer outside the election answers a LOOKING peer with its vote and state. */
    private void replyOutsideElection(long from, Notification n) {
        if (n.state() == ServerState.LOOKING) {
            Vote v = ctx.currentVote;
            ctx.send(from, new Notification(v.leader(), v.zxid(), v.electionEpoch(), v.peerEpoch(), state));
        }
    }

    /** One tick of the caller's clock. */
    public void tick() {
        ctx.tick++;
        role.onTick();
        performTransitions();
    }

    /** The log writer made every log operation up to {@code logOpSeq} durable. */
    public void onDurable(long logOpSeq) {
        ctx.onDurable(logOpSeq);
        role.onDurable();
        performTransitions();
    }

    /** The epoch store made {@code epoch} durable in the {@code kind} file. */
    public void onPersisted(EpochWrite.Kind kind, long epoch) {
        Objects.requireNonNull(kind, "kind");
        ctx.onPersisted(kind, epoch);
        role.onPersisted();
        performTransitions();
    }

    /**
     * A client write: the leader proposes it, a learner in broadcast forwards it to its leader.
     * The caller learns of its commit when the applied range covers its zxid (leader) or when the
     * transaction is applied (learner).
     */
    public SubmitResult submit(byte[] txn) {
        Objects.requireNonNull(txn, "txn");
        SubmitResult r = role.submit(txn);
        performTransitions();
        return r;
    }

    /**
     * Leader: answers a learner's sync (ZooKeeper's SYNC): sends {@code payload} to learner
     * {@code learnerId} as a SYNC packet right after the COMMIT (or INFORM) of the last proposal
     * made so far, at once if none is outstanding; the learner thus applies every earlier proposal
     * first. No zxid is consumed. False when this peer is not an established leader or the learner
     * is not in broadcast.
     */
    public boolean sendSync(long learnerId, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        boolean sent = role.sendSync(learnerId, payload);
        performTransitions();
        return sent;
    }

    /** Leader: syncs waiting for the COMMIT of an earlier proposal (mntr zk_pending_syncs). */
    public int pendingSyncs() {
        return role.pendingSyncs();
    }

    // ---------------------------------------------------------------- outputs

    public boolean hasReady() {
        return ctx.hasReady();
    }

    /** Everything collected since the last call (see {@link Ready} for the order to execute it in). */
    public Ready ready() {
        return ctx.takeReady();
    }

    // ---------------------------------------------------------------- status

    public ServerState state() {
        return state;
    }

    public ZabPhase phase() {
        return role.phase();
    }

    public long leaderId() {
        return role.leaderId();
    }

    public long epoch() {
        return role.epoch();
    }

    public boolean established() {
        return role.established();
    }

    public long myId() {
        return ctx.myId();
    }

    public long acceptedEpoch() {
        return ctx.acceptedEpoch;
    }

    public long currentEpoch() {
        return ctx.currentEpoch;
    }

    public long lastLoggedZxid() {
        return ctx.lastLoggedZxid;
    }

    public long appliedZxid() {
        return ctx.appliedZxid;
    }

    public long tickCount() {
        return ctx.tick;
    }

    public Vote currentVote() {
        return ctx.currentVote;
    }

    // ---------------------------------------------------------------- transitions

    private void performTransitions() {
        int guard = 0;
        while (ctx.transitionPending()) {
            Invariants.check(++guard < 16, "transition loop in peer %d", ctx.myId());
            PeerContext.Transition t = ctx.takeTransition();
            state(t.next(), t.leaderId(), t.reason());
        }
    }

    private void state(ServerState next, long leaderId, String reason) {
        state = next;
        switch (next) {
            case LOOKING -> role = new Election(ctx);
            case LEADING -> role = new LeaderRole(ctx);
            case FOLLOWING -> role = new FollowerRole(ctx, leaderId, false);
            case OBSERVING -> role = new FollowerRole(ctx, leaderId, true);
        }
        ctx.stateChange(new Ready.StateChange(next, role.phase(), role.leaderId(), role.epoch(), false, reason,
                ctx.tick));
    }
}
