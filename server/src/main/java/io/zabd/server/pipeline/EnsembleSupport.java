package io.zabd.server.pipeline;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.util.Invariants;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.WriteHandler;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.quorum.QuorumListener;
import io.zabd.server.quorum.RuntimeStatus;
import io.zabd.server.zab.SubmitResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine's ensemble mode (ZooKeeper's roles on our one thread, shared with the ZAB
 * runtime as its co-agent):
 * <ul>
 *   <li>The state machine serves clients only while the runtime is established in broadcast; it
 *       binds to the runtime's tree with fresh prep, sessions and cleaner, and on any change of role
 *       or epoch it unbinds: every client connection closes (clients reconnect, as when a ZooKeeper
 *       server leaves broadcast) and pending requests are dropped unanswered.</li>
 *   <li>Leader: prepares every write (its own clients' and those learners forward) with its pending
 *       changes, proposes it, and answers its own clients when the commit is applied.</li>
 *   <li>Learner: forwards each write (session id, cxid, op, body, auth ids) to the leader and
 *       answers when the transaction with that (session id, cxid) is committed and applied here;
 *       reads are local; {@code sync} is forwarded; the leader answers it (ZAB SYNC packet, no
 *       transaction, no zxid) once every proposal made before it reached the leader is committed, so
 *       the SYNC follows their COMMITs on the link and the learner answers its client after applying
 *       them (ZooKeeper's sync).</li>
 *   <li>Sessions are global: createSession/closeSession are transactions through the leader; every
 *       member tracks sessions from the commits; only the leader expires them; learners send the
 *       ids of the sessions connected to them every tickTime/2 (ZooKeeper's ping with sessions).</li>
 * </ul>
 * Commits reach every member in zxid order through {@link #onCommitted} (the runtime applied them).
 */
final class EnsembleSupport implements QuorumListener {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleSupport.class);
    /** The FIFO marker of a write forwarded to the leader (its zxid is not known here). */
    static final long FORWARDED_MARKER = -1L;

    private record Key(long sessionId, int cxid) {}

    /** A commit applied by the runtime, or (learner) the leader's answer {@code syncDone} to a forwarded sync. */
    private record Committed(Txn txn, ApplyResult result, Map<String, List<Acl>> deletedAcls,
                             Key syncDone) {}

    private record Incoming(long epoch, long from, byte[] bytes) {}


    /** A learner's request waiting for its commit; {@code syncHeader} set for sync. */
    private record Pending(InFlight.Kind kind, Cnxn cnxn, int xid, WriteHandler handler, int op,
                           RequestHeader syncHeader, Request syncBody, long receivedNs) {}

    private final StateMachine m;
    private final Replication r;
    private final ArrayDeque<Committed> committed = new ArrayDeque<>();
    private final ArrayDeque<Incoming> incoming = new ArrayDeque<>();
    private final Map<Key, Pending> pending = new HashMap<>();
    /**
     * Leader: writes waiting for room under the core's proposalsInFlightMax (prepared only when
     * proposed, so prep sees every earlier txn), in arrival order. Their connections already hold a
     * FIFO marker.
     */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    /**
     * A leader's write not yet prepared. {@code request} null means a sync forwarded by
     * {@code learner} (its place in the order of requests, no proposal), unless {@code refusal} is set:
     * then an error transaction with that code (SESSIONMOVED) is proposed in its place, as ZooKeeper's
     * prep does, so the member holding the connection learns it in order.
     */
    private record Waiting(WriteRequest request, Caller caller, InFlight.Kind kind, Cnxn cnxn, int xid,
                           WriteHandler handler, int op, long receivedNs, long learner, int refusal) {
        Waiting(WriteRequest request, Caller caller, InFlight.Kind kind, Cnxn cnxn, int xid, WriteHandler handler,
                int op, long receivedNs, long learner) {
            this(request, caller, kind, cnxn, xid, handler, op, receivedNs, learner, KeeperCode.OK);
        }

        Waiting refused(int code) {
            return new Waiting(null, caller, kind, cnxn, xid, handler, op, receivedNs, learner, code);
        }
    }

    /** The owner of a session whose connection is on the leader itself (member ids start at 1). */
    static final long OWNER_LEADER = 0;
    /**
     * Leader: the member that holds each session's connection (ZooKeeper's session owner). Set by
     * createSession and by a learner's OWN after a resume; unknown after a leader change until the
     * session's next request, whose member becomes the owner. Writes from any other member are
     * refused with SESSIONMOVED: a connection the client has left must not write after it moved.
     */
    private final Map<Long, Long> owners = new HashMap<>();
    /** Encodes proposals and forwarded requests (owner thread): one exact-size array each, no growth copies. */
    private final JuteWriter scratch = new JuteWriter(new ExpandableArrayBuffer(4096), 0);
    /** ACLs of the nodes the txn being applied deletes, read just before it is applied. */
    private Map<String, List<Acl>> nextDeletedAcls = Map.of();
    private boolean bound;
    private boolean leading;
    private long boundEpoch = -1;
    private long rebindAfterZxid = -1;
    private long nextTouchMs;
    /** When this member last bound as leader (mntr zk_leader_uptime). */
    private long leaderSinceMs;
    /** Sizes of this leader's proposals (TxnCodec bytes), as ZooKeeper's ProposalStats: -1 until one. */
    private long lastProposalSize = -1;
    private long minProposalSize = -1;
    private long maxProposalSize = -1;

    EnsembleSupport(StateMachine machine) {
        this.m = machine;
        this.r = machine.replication;
    }

    boolean bound() {
        return bound;
    }

    boolean leading() {
        return bound && leading;
    }

    // ---------------------------------------------------------------- QuorumListener (same thread)

    @Override
    public void beforeCommitted(Txn txn) {
        // NodeDeleted goes only to watchers with READ on the deleted node: read its ACL while it exists
        nextDeletedAcls = bound && !m.watches().isEmpty() ? m.aclsOfDeletes(txn.body()) : Map.of();
    }

    @Override
    public void onCommitted(Txn txn, ApplyResult result) {
        if (bound) {
            committed.add(new Committed(txn, result, nextDeletedAcls, null));
        }
        nextDeletedAcls = Map.of();
    }

    @Override
    public boolean onForwarded(long from, byte[] request) {
        // never let the core propose these bytes as a transaction: they are a request to prepare
        incoming.add(new Incoming(r.epoch(), from, request));
        return true;
    }

    @Override
    public void onSyncReply(byte[] payload) {
        if (!bound || leading) {
            return;
        }
        Forwarded f;
        try {
            f = Forwarded.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("dropping a malformed sync answer from the leader: {}", e.toString());
            return;
        }
        if (f instanceof Forwarded.SyncDone d) {
            // queued behind the commits the runtime applied before it: answered in that order
            committed.add(new Committed(null, null, Map.of(), new Key(d.sessionId(), d.cxid())));
        }
    }

    /** Leader: learners' syncs waiting for earlier proposals to commit (mntr zk_pending_syncs). */
    int pendingSyncs() {
        return leading() ? r.pendingSyncs() : 0;
    }

    /** Leader: ms since it began serving as leader, else 0 (mntr zk_leader_uptime). */
    long leaderUptimeMs(long nowMs) {
        return leading() ? nowMs - leaderSinceMs : 0;
    }

    /** Last, smallest and largest proposal in bytes (-1 before the first), mntr zk_*_proposal_size. */
    long[] proposalSizes() {
        return new long[] {lastProposalSize, minProposalSize, maxProposalSize};
    }

    private void recordProposalSize(int bytes) {
        lastProposalSize = bytes;
        minProposalSize = minProposalSize < 0 ? bytes : Math.min(minProposalSize, bytes);
        maxProposalSize = Math.max(maxProposalSize, bytes);
    }

    @Override
    public void onStatusChange(RuntimeStatus status) {
        checkRole();
    }

    private void checkRole() {
        if (bound && (!r.serving() || r.leading() != leading || r.epoch() != boundEpoch)) {
            unbind("the peer left broadcast or changed role/epoch");
        }
    }

    // ---------------------------------------------------------------- duty cycle

    int beforeInbound(long nowMs) {
        checkRole();
        int work = 0;
        if (!bound && r.serving()
                && (r.epoch() != boundEpoch || r.tree().lastProcessedZxid() >= rebindAfterZxid)) {
            bind(nowMs);
            work++;
        }
        if (!bound) {
            return work;
        }
        work += applyCommitted(nowMs);
        if (leading) {
            work += proposeWaiting();
            Incoming in;
            while ((in = incoming.poll()) != null) {
                if (in.epoch() == boundEpoch) {
                    onIncoming(in.from(), in.bytes(), nowMs);
                }
                work++;
                if (!bound) {
                    break;
                }
            }
        }
        return work;
    }

    int afterInbound(long nowMs) {
        if (!bound) {
            return 0;
        }
        int work = applyCommitted(nowMs);
        if (leading) {
            work += proposeWaiting();
            work += m.sessions().expire(nowMs);
            if (bound) {
                work += m.cleaner().maybeRun(nowMs);
            }
        } else if (nowMs >= nextTouchMs) {
            nextTouchMs = nowMs + Math.max(1, m.config().tickTimeMs() / 2);
            sendTouches();
        }
        return work;
    }

    private void bind(long nowMs) {
        leading = r.leading();
        boundEpoch = r.epoch();
        m.bindTo(r.tree(), nowMs);
        bound = true;
        leaderSinceMs = nowMs;
        committed.clear();
        owners.clear();
        incoming.removeIf(in -> in.epoch() != boundEpoch);
        LOG.info("serving clients as {} in epoch {} at zxid 0x{}", leading ? "leader" : "learner", boundEpoch,
                Long.toHexString(r.tree().lastProcessedZxid()));
    }

    /** Stops serving: every client connection closes; what was pending is dropped unanswered. */
    private void unbind(String why) {
        if (!bound) {
            return;
        }
        bound = false;
        LOG.info("stop serving clients: {}; closing {} connections", why, m.cnxns().size());
        for (InFlight f : m.inFlight()) {
            finishDropped(f.kind(), f.cnxn());
        }
        for (Pending p : pending.values()) {
            finishDropped(p.syncHeader() != null ? InFlight.Kind.CLIENT_WRITE : p.kind(), p.cnxn());
        }
        for (Waiting w : waiting) {
            finishDropped(w.kind(), w.cnxn());
        }
        waiting.clear();
        InFlight last = m.inFlight().peekLast();
        rebindAfterZxid = last != null ? last.zxid() : -1;
        m.inFlight().clear();
        pending.clear();
        committed.clear();
        for (Cnxn c : m.cnxns().values()) {
            c.close();
        }
    }

    private void finishDropped(InFlight.Kind kind, Cnxn cnxn) {
        if (cnxn == null) {
            return;
        }
        if (kind == InFlight.Kind.CLIENT_WRITE || kind == InFlight.Kind.CLOSE_SESSION) {
            m.sink().finished(1);
        }
        cnxn.close();
    }

    // ---------------------------------------------------------------- submit

    /** A write (client or server-made): prepared and proposed here (leader) or forwarded (learner). */
    void submit(WriteRequest request, Request original, int op, Caller caller, InFlight.Kind kind, Cnxn cnxn,
            int xid, WriteHandler handler, long receivedNs) {
        if (!bound) {
            finishDropped(kind, cnxn);
            return;
        }
        if (leading) {
            if (cnxn != null) {
                cnxn.fifo().add(FORWARDED_MARKER); // its place in the connection's order, zxid not known yet
            }
            Waiting w = new Waiting(request, caller, kind, cnxn, xid, handler, op, receivedNs, -1);
            whenRoom(ownedBy(kind, caller.sessionId(), OWNER_LEADER, request) ? w : w.refused(KeeperCode.SESSIONMOVED));
            return;
        }
        if (kind == InFlight.Kind.EXPIRE_SESSION || kind == InFlight.Kind.CLEANUP) {
            return; // the leader's job
        }
        int timeout = request instanceof WriteRequest.CreateSession cs ? cs.timeoutMs() : 0;
        int type = request instanceof WriteRequest.CreateSession ? OpCode.CREATE_SESSION
                : request instanceof WriteRequest.CloseSession ? OpCode.CLOSE_SESSION : op;
        forward(new Forwarded.Req(caller, type, timeout, original),
                new Pending(kind, cnxn, xid, handler, op, null, null, receivedNs), caller);
    }

    /** A learner's client sent sync: forwarded; answered when the leader's SYNC arrives (after the commits before it). */
    void forwardSync(Cnxn cnxn, RequestHeader header, Request body, long receivedNs) {
        Caller caller = cnxn.caller(header.xid());
        forward(new Forwarded.Req(caller, OpCode.SYNC, 0, body),
                new Pending(InFlight.Kind.CLIENT_WRITE, cnxn, header.xid(), null, OpCode.SYNC, header, body, receivedNs),
                caller);
    }

    private void forward(Forwarded.Req req, Pending p, Caller caller) {
        SubmitResult res = r.forward(Forwarded.encode(req, scratch));
        if (!res.accepted()) {
            LOG.info("cannot forward to the leader ({}); closing {}", res.status(), p.cnxn());
            finishDropped(p.syncHeader() != null ? InFlight.Kind.CLIENT_WRITE : p.kind(), p.cnxn());
            return;
        }
        pending.put(new Key(caller.sessionId(), caller.cxid()), p);
        if (p.cnxn() != null) {
            p.cnxn().fifo().add(FORWARDED_MARKER);
        }
    }

    /** Leader: proposes now if the core has room and nothing waits, else queues behind the waiting. */
    private void whenRoom(Waiting w) {
        if (waiting.isEmpty() && (w.request() == null || m.inFlight().size() < r.proposalsInFlightMax())) {
            dispatch(w);
        } else {
            waiting.add(w);
        }
    }

    private int proposeWaiting() {
        int n = 0;
        while (bound && !waiting.isEmpty()) {
            Waiting head = waiting.peek();
            if (head.request() != null && m.inFlight().size() >= r.proposalsInFlightMax()) {
                break;
            }
            dispatch(waiting.poll());
            n++;
        }
        return n;
    }

    private void dispatch(Waiting w) {
        if (w.request() == null && w.refusal() == KeeperCode.OK) {
            syncAfterProposed(w);
        } else {
            propose(w);
        }
    }

    /**
     * A learner's sync, in its turn among the requests (every earlier one is proposed): the core
     * sends the SYNC right after the COMMIT of the last proposal made so far, at once if none is
     * outstanding. It consumes no zxid.
     */
    private void syncAfterProposed(Waiting w) {
        Caller c = w.caller();
        if (!r.syncReply(w.learner(), Forwarded.encode(new Forwarded.SyncDone(c.sessionId(), c.cxid()), scratch))) {
            LOG.debug("learner {} left broadcast: its sync 0x{}/{} is not answered", w.learner(),
                    Long.toHexString(c.sessionId()), c.cxid());
        }
    }

    /** Prepares with the zxid the core assigns next, and proposes. */
    private void propose(Waiting w) {
        long zxid = r.nextZxid();
        long now = System.currentTimeMillis();
        Txn txn;
        if (w.refusal() != KeeperCode.OK) {
            txn = new Txn(new TxnHeader(w.caller().sessionId(), w.caller().cxid(), zxid, now, OpCode.ERROR),
                    new TxnBody.Error(w.refusal()));
        } else {
            txn = m.prep().prep(w.request(), w.caller(), zxid, now).txn();
        }
        proposeTxn(txn, w.kind(), w.cnxn(), w.xid(), w.handler(), w.op(), w.receivedNs());
    }

    private void proposeTxn(Txn txn, InFlight.Kind kind, Cnxn cnxn, int xid, WriteHandler handler, int op,
            long receivedNs) {
        long zxid = txn.header().zxid();
        byte[] bytes = TxnCodec.toBytes(txn, scratch);
        recordProposalSize(bytes.length);
        SubmitResult res = r.propose(txn, bytes);
        if (!bound) {
            finishDropped(kind, cnxn);
            return;
        }
        if (res.status() != SubmitResult.Status.PROPOSED) {
            LOG.warn("proposal refused ({}): re-preparing from the tree once what is in flight is applied", res.status());
            finishDropped(kind, cnxn);
            unbind("proposal refused: " + res.status());
            return;
        }
        Invariants.check(res.zxid() == zxid, "leader proposed 0x%x as prepared 0x%x", res.zxid(), zxid);
        m.inFlight().add(new InFlight(txn, kind, cnxn, xid, handler, op, receivedNs));
    }

    /** Leader: a learner's forwarded request or session touches. */
    private void onIncoming(long from, byte[] bytes, long nowMs) {
        Forwarded f;
        try {
            f = Forwarded.decode(bytes);
        } catch (RuntimeException e) {
            LOG.warn("dropping a malformed forwarded request: {}", e.toString());
            return;
        }
        if (f instanceof Forwarded.Touch t) {
            for (long id : t.sessionIds()) {
                m.sessions().tracker().touch(id, nowMs);
            }
            return;
        }
        if (f instanceof Forwarded.Own o) {
            if (m.sessions().tracker().contains(o.sessionId())) {
                owners.put(o.sessionId(), from);
            }
            return;
        }
        Forwarded.Req req = (Forwarded.Req) f;
        Caller caller = req.caller();
        m.sessions().tracker().touch(caller.sessionId(), nowMs);
        int type = req.type();
        if (type == OpCode.SYNC) {
            whenRoom(new Waiting(null, caller, InFlight.Kind.FORWARDED, null, 0, null, type, 0, from));
            return;
        }
        WriteRequest wr;
        if (type == OpCode.CREATE_SESSION) {
            wr = new WriteRequest.CreateSession(req.timeoutMs());
            m.sessions().tracker().add(caller.sessionId(), req.timeoutMs(), nowMs);
        } else if (type == OpCode.CLOSE_SESSION) {
            wr = new WriteRequest.CloseSession();
            m.sessions().tracker().setClosing(caller.sessionId());
        } else {
            WriteHandler h = m.handlers().write(type);
            if (h == null) {
                LOG.warn("dropping a forwarded request of op {}: not a write", type);
                return;
            }
            try {
                wr = h.toWriteRequest(req.body());
            } catch (IllegalArgumentException e) {
                LOG.warn("dropping a forwarded request: {}", e.getMessage());
                return;
            }
        }
        Waiting w = new Waiting(wr, caller, InFlight.Kind.FORWARDED, null, 0, null, type, 0, from);
        whenRoom(ownedBy(InFlight.Kind.FORWARDED, caller.sessionId(), from, wr) ? w : w.refused(KeeperCode.SESSIONMOVED));
    }

    /**
     * Leader: may a write of this session arriving through {@code member} go ahead? createSession
     * makes the member the owner; a session without a known owner takes the first member it writes
     * through; server-made writes (expiry, cleanup) and session 0 are not a client's.
     */
    private boolean ownedBy(InFlight.Kind kind, long sessionId, long member, WriteRequest request) {
        if (sessionId == 0 || kind == InFlight.Kind.EXPIRE_SESSION || kind == InFlight.Kind.CLEANUP) {
            return true;
        }
        if (request instanceof WriteRequest.CreateSession) {
            owners.put(sessionId, member);
            return true;
        }
        Long owner = owners.putIfAbsent(sessionId, member);
        return owner == null || owner == member;
    }

    /** A client resumed a session on this member (Sessions checked its password): this member owns it now. */
    void onSessionResumed(long sessionId) {
        if (!bound) {
            return;
        }
        if (leading) {
            owners.put(sessionId, OWNER_LEADER);
        } else {
            r.forward(Forwarded.encode(new Forwarded.Own(sessionId), scratch));
        }
    }

    // ---------------------------------------------------------------- commits

    private int applyCommitted(long nowMs) {
        int n = 0;
        Committed c;
        while (bound && (c = committed.poll()) != null) {
            if (c.syncDone() != null) {
                onSyncDone(c.syncDone());
            } else {
                onApplied(c.txn(), c.result(), c.deletedAcls(), nowMs);
            }
            n++;
        }
        return n;
    }

    private void onApplied(Txn txn, ApplyResult result, Map<String, List<Acl>> deletedAcls,
            long nowMs) {
        long zxid = txn.header().zxid();
        m.fireWatches(result, deletedAcls);
        m.prep().applied(zxid);
        if (txn.body() instanceof TxnBody.CloseSession) {
            owners.remove(txn.header().sessionId()); // closed or expired: no owner to remember (empty on learners)
        }
        InFlight head = m.inFlight().peek();
        if (head != null && head.zxid() == zxid) {
            m.inFlight().poll();
            if (result.err() == KeeperCode.SESSIONMOVED && head.cnxn() != null) {
                closeMoved(head.kind(), head.cnxn());
            } else {
                m.complete(head, result);
            }
            return;
        }
        Invariants.check(head == null || head.zxid() > zxid, "leader's own proposal 0x%x was committed",
                head == null ? -1L : head.zxid());
        TxnHeader h = txn.header();
        Pending p = leading ? null : pending.remove(new Key(h.sessionId(), h.cxid()));
        if (p == null) {
            sessionEffects(txn, nowMs);
            return;
        }
        if (result.err() == KeeperCode.SESSIONMOVED && h.type() == OpCode.ERROR) {
            closeMoved(p.kind(), p.cnxn());
            return;
        }
        m.complete(new InFlight(txn, p.kind(), p.cnxn(), p.xid(), p.handler(), p.op(), p.receivedNs()), result);
    }

    /**
     * Learner: the leader answered a forwarded sync; every commit before it is applied, and the
     * session's earlier writes with them, so its marker is at the head of the connection's FIFO.
     */
    private void onSyncDone(Key key) {
        Pending p = pending.get(key);
        if (p == null || p.syncHeader() == null) {
            return;
        }
        pending.remove(key);
        Object marker = p.cnxn().fifo().poll();
        Invariants.check(marker instanceof Long, "sync's FIFO marker at the head of %s", p.cnxn());
        m.runRead(p.cnxn(), p.syncHeader(), p.syncBody(), p.receivedNs());
        m.drainFifo(p.cnxn());
    }

    /** ZooKeeper answers a write from a connection its session has left by closing that connection. */
    private void closeMoved(InFlight.Kind kind, Cnxn cnxn) {
        LOG.info("closing {}: its session moved to another server", cnxn);
        finishDropped(kind, cnxn);
    }

    /** Leader: a learner's request committed (the learner answers it). */
    void onForwardedApplied(Txn txn, ApplyResult result) {
        sessionEffects(txn, System.currentTimeMillis());
    }

    /** Session creation and close committed elsewhere: keep this member's tracker and connections in step. */
    private void sessionEffects(Txn txn, long nowMs) {
        long id = txn.header().sessionId();
        if (txn.body() instanceof TxnBody.CreateSession cs) {
            if (!m.sessions().tracker().contains(id)) {
                m.sessions().tracker().add(id, cs.timeoutMs(), nowMs);
            }
        } else if (txn.body() instanceof TxnBody.CloseSession) {
            m.sessions().onSessionClosed(id);
        }
    }

    private void sendTouches() {
        List<Long> ids = new ArrayList<>();
        for (Cnxn c : m.cnxns().values()) {
            if (c.sessionId() != 0 && !c.closed()) {
                ids.add(c.sessionId());
            }
        }
        if (!ids.isEmpty()) {
            r.forward(Forwarded.encode(new Forwarded.Touch(ids), scratch));
        }
    }
}
