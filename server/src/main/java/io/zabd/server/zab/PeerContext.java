package io.zabd.server.zab;

import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants;
import java.util.ArrayDeque;
import java.util.List;

/**
 * State shared by a peer's roles for its whole life: configuration, the log as issued and as
 * durable, the persisted epochs, the applied point, the election clock and vote, and the batch
 * being collected. Roles change; this does not.
 */
final class PeerContext {
    /** Bits of a connId given to the attempt number; the incarnation takes the rest. */
    private static final int CONN_ATTEMPT_BITS = 24;

    final ZabConfig config;
    final LogView log;
    final long incarnation;

    long tick;
    private Ready out = new Ready();

    // epochs: the values known durable, and the last values requested
    long acceptedEpoch;
    /** The leader acceptedEpoch was accepted from (-1 if unknown). */
    long acceptedEpochLeader;
    long currentEpoch;
    private final ArrayDeque<EpochWrite> pendingAccepted = new ArrayDeque<>();
    private long requestedAcceptedEpoch;
    private long requestedAcceptedLeader;
    private long requestedCurrentEpoch;

    // the log as issued (lastLoggedZxid) and as durable
    long lastLoggedZxid;
    private long nextOpSeq = 1;
    private long durableOpSeq;
    private long durableZxid;
    private final ArrayDeque<LogOp> pendingOps = new ArrayDeque<>();

    long appliedZxid;

    // election
    long logicalclock;
    Vote currentVote;

    private long connAttempts;
    private Transition pendingTransition;

    record Transition(ServerState next, long leaderId, String reason) {}

    PeerContext(ZabConfig config, long incarnation, LogView log, long acceptedEpoch, long acceptedEpochLeader,
                long currentEpoch, long appliedZxid) {
        Invariants.check(incarnation >= 0 && incarnation < (1L << 38), "incarnation out of range: %d", incarnation);
        Invariants.check(acceptedEpoch >= currentEpoch, "acceptedEpoch %d < currentEpoch %d", acceptedEpoch,
                currentEpoch);
        Invariants.check(appliedZxid >= log.baseZxid() && appliedZxid <= log.lastZxid(),
                "applied zxid %s outside the log [%s, %s]", Zxid.toHex(appliedZxid), Zxid.toHex(log.baseZxid()),
                Zxid.toHex(log.lastZxid()));
        this.config = config;
        this.log = log;
        this.incarnation = incarnation;
        this.acceptedEpoch = acceptedEpoch;
        this.acceptedEpochLeader = acceptedEpochLeader;
        this.currentEpoch = currentEpoch;
        this.requestedAcceptedEpoch = acceptedEpoch;
        this.requestedAcceptedLeader = acceptedEpochLeader;
        this.requestedCurrentEpoch = currentEpoch;
        this.lastLoggedZxid = log.lastZxid();
        this.durableZxid = lastLoggedZxid;
        this.appliedZxid = appliedZxid;
        this.currentVote = new Vote(config.myId(), lastLoggedZxid, 0, currentEpoch);
    }

    long myId() {
        return config.myId();
    }

    Ready takeReady() {
        Ready r = out;
        out = new Ready();
        return r;
    }

    boolean hasReady() {
        return !out.isEmpty();
    }

    void send(long to, ZabMessage message) {
        out.send(to, message);
    }

    void stateChange(Ready.StateChange change) {
        out.addStateChange(change);
    }

    void snapshotSend(long to, long zxid) {
        Invariants.check(zxid == appliedZxid, "snapshot at 0x%x but applied is 0x%x", zxid, appliedZxid);
        out.addSnapshotSend(new Ready.SnapshotSend(to, zxid));
    }

    // ---- transitions (deferred until the current input is handled) ----

    void requestState(ServerState next, long leaderId, String reason) {
        if (pendingTransition == null) {
            pendingTransition = new Transition(next, leaderId, reason);
        }
    }

    boolean transitionPending() {
        return pendingTransition != null;
    }

    Transition takeTransition() {
        Transition t = pendingTransition;
        pendingTransition = null;
        return t;
    }

    long nextConnId() {
        connAttempts++;
        return (incarnation << CONN_ATTEMPT_BITS) | (connAttempts & ((1L << CONN_ATTEMPT_BITS) - 1));
    }

    // ---- log ----

    void append(long zxid, byte[] txn) {
        Invariants.check(zxid > lastLoggedZxid, "append of 0x%x after 0x%x", zxid, lastLoggedZxid);
        issue(new LogOp.Append(nextOpSeq++, zxid, txn));
    }

    void truncate(long zxid) {
        Invariants.check(zxid >= appliedZxid, "TRUNC to 0x%x below applied 0x%x", zxid, appliedZxid);
        Invariants.check(zxid <= lastLoggedZxid, "TRUNC to 0x%x above the log end 0x%x", zxid, lastLoggedZxid);
        issue(new LogOp.Truncate(nextOpSeq++, zxid));
    }

    void installSnapshot(long zxid, long leaderId, List<LogEntry> entries) {
        long expect = zxid;
        for (LogEntry e : entries) {
            Invariants.check(e.zxid() > expect, "snapshot entries out of order at 0x%x", e.zxid());
            expect = e.zxid();
        }
        issue(new LogOp.InstallSnapshot(nextOpSeq++, zxid, leaderId, entries));
        appliedZxid = zxid;
        out.clearApply();
    }

    private void issue(LogOp op) {
        out.addLogOp(op);
        pendingOps.addLast(op);
        lastLoggedZxid = op.endZxid();
    }

    /** The writer made every op up to {@code seq} durable. */
    void onDurable(long seq) {
        Invariants.check(seq < nextOpSeq, "durable notice for op %d never issued (next %d)", seq, nextOpSeq);
        if (seq <= durableOpSeq) {
            return;
        }
        while (!pendingOps.isEmpty() && pendingOps.peekFirst().seq() <= seq) {
            durableZxid = pendingOps.pollFirst().endZxid();
        }
        durableOpSeq = seq;
    }

    long lastIssuedOpSeq() {
        return nextOpSeq - 1;
    }

    long durableOpSeq() {
        return durableOpSeq;
    }

    boolean allIssuedDurable() {
        return pendingOps.isEmpty();
    }

    /** Where the durable log ends (meaningful as history only once no TRUNC/SNAP is pending). */
    long durableZxid() {
        return durableZxid;
    }

    // ---- apply ----

    void applyTo(long zxid) {
        if (zxid > appliedZxid) {
            Invariants.check(zxid <= lastLoggedZxid, "apply to 0x%x beyond the log end 0x%x", zxid, lastLoggedZxid);
            appliedZxid = zxid;
            out.applyTo(zxid);
        }
    }

    // ---- epochs ----

    void persistAcceptedEpoch(long epoch, long leaderId) {
        if (epoch != requestedAcceptedEpoch) {
            Invariants.check(epoch > requestedAcceptedEpoch, "acceptedEpoch going back from %d to %d",
                    requestedAcceptedEpoch, epoch);
            requestedAcceptedEpoch = epoch;
            requestedAcceptedLeader = leaderId;
            EpochWrite w = new EpochWrite(EpochWrite.Kind.ACCEPTED, epoch, leaderId);
            pendingAccepted.addLast(w);
            out.addEpochWrite(w);
        }
    }

    /** The highest acceptedEpoch requested (durable or not): what may become durable at any time. */
    long requestedAcceptedEpoch() {
        return requestedAcceptedEpoch;
    }

    long requestedAcceptedLeader() {
        return requestedAcceptedLeader;
    }

    void persistCurrentEpoch(long epoch, long leaderId) {
        if (epoch != requestedCurrentEpoch) {
            Invariants.check(epoch > requestedCurrentEpoch, "currentEpoch going back from %d to %d",
                    requestedCurrentEpoch, epoch);
            Invariants.check(epoch <= acceptedEpoch, "currentEpoch %d above acceptedEpoch %d", epoch, acceptedEpoch);
            requestedCurrentEpoch = epoch;
            out.addEpochWrite(new EpochWrite(EpochWrite.Kind.CURRENT, epoch, leaderId));
        }
    }

    void onPersisted(EpochWrite.Kind kind, long epoch) {
        if (kind == EpochWrite.Kind.ACCEPTED) {
            while (!pendingAccepted.isEmpty() && pendingAccepted.peekFirst().epoch() <= epoch) {
                EpochWrite w = pendingAccepted.pollFirst();
                if (w.epoch() == epoch && epoch > acceptedEpoch) {
                    acceptedEpoch = epoch;
                    acceptedEpochLeader = w.leaderId();
                }
            }
            Invariants.check(acceptedEpoch == epoch || epoch < acceptedEpoch,
                    "acceptedEpoch %d persisted but never requested", epoch);
        } else {
            Invariants.check(epoch <= requestedCurrentEpoch, "currentEpoch %d persisted but never requested", epoch);
            currentEpoch = Math.max(currentEpoch, epoch);
        }
    }
}
