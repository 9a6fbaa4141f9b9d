package io.zabd.server.zab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ZabPeer} asks its caller to do, collected since the previous {@link ZabPeer#ready()}.
 *
 * <h2>Contract (the caller executes a batch in this order, and fully before the next input)</h2>
 * <ol>
 *   <li>{@link #logOps()} in list order: hand them to the log writer. Afterwards the
 *       {@link LogView} must show them (appended / truncated / snapshot installed), durable or not.
 *       The writer reports progress with {@link ZabPeer#onDurable(long)}.</li>
 *   <li>{@link #epochWrites()} in list order: hand them to the epoch store; each is reported with
 *       {@link ZabPeer#onPersisted} once durable.</li>
 *   <li>{@link #applyToZxid()}: apply the committed log entries after the state machine's current
 *       zxid up to this one (inclusive), in zxid order. -1 when there is nothing new.</li>
 *   <li>{@link #snapshotSends()}: for each, capture the state at its zxid (the applied state after
 *       step 3) and stream it to the peer right after the SNAP packet of step 5.</li>
 *   <li>{@link #messages()} in list order (order per destination must be preserved).</li>
 *   <li>{@link #stateChanges()}: informational, already in effect (e.g. close client sessions
 *       when a peer leaves broadcast).</li>
 * </ol>
 *
 * <p>Nothing in a batch waits on durability: every message that depends on something being durable
 * (ACKEPOCH on acceptedEpoch, the NEWLEADER ACK on the synced log and currentEpoch, proposal ACKs
 * on the log) is withheld by the core until the corresponding notice has arrived, and only then
 * appears in a batch. A caller may therefore send messages as soon as it has handed log and epoch
 * writes over; it must never report durability before it is true.
 */
public final class Ready {
    /** A message for one peer. */
    public record Outbound(long to, ZabMessage message) {
        public Outbound {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Stream the applied state at {@code zxid} to {@code to}, after the SNAP packet. */
    public record SnapshotSend(long to, long zxid) {}

    /**
     * A change of state or of establishment. {@code established} is true once the leader has a
     * quorum of NEWLEADER acks (leader) or UPTODATE was received (learner); {@code leaderId} and
     * {@code epoch} are -1 while unknown.
     */
    public record StateChange(ServerState state, ZabPhase phase, long leaderId, long epoch, boolean established,
                              String reason, long tick) {}

    // Each list is created by its first add: most batches carry one or two kinds of output, and a
    // batch is made per input (several per duty cycle under load).
    private List<LogOp> logOps;
    private List<EpochWrite> epochWrites;
    private long applyToZxid = -1;
    private List<SnapshotSend> snapshotSends;
    private List<Outbound> messages;
    private List<StateChange> stateChanges;

    Ready() {}

    private static <T> List<T> view(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    private static <T> List<T> add(List<T> list, T item) {
        List<T> l = list == null ? new ArrayList<>() : list;
        l.add(item);
        return l;
    }

    public List<LogOp> logOps() {
        return view(logOps);
    }

    public List<EpochWrite> epochWrites() {
        return view(epochWrites);
    }

    public long applyToZxid() {
        return applyToZxid;
    }

    public List<SnapshotSend> snapshotSends() {
        return view(snapshotSends);
    }

    public List<Outbound> messages() {
        return view(messages);
    }

    public List<StateChange> stateChanges() {
        return view(stateChanges);
    }

    public boolean isEmpty() {
        return logOps == null && epochWrites == null && applyToZxid < 0 && snapshotSends == null && messages == null
                && stateChanges == null;
    }

    void addLogOp(LogOp op) {
        logOps = add(logOps, op);
    }

    void addEpochWrite(EpochWrite write) {
        epochWrites = add(epochWrites, write);
    }

    void applyTo(long zxid) {
        applyToZxid = Math.max(applyToZxid, zxid);
    }

    /** A snapshot install supersedes applying what came before it in the same batch. */
    void clearApply() {
        applyToZxid = -1;
    }

    void addSnapshotSend(SnapshotSend send) {
        snapshotSends = add(snapshotSends, send);
    }

    void send(long to, ZabMessage message) {
        messages = add(messages, new Outbound(to, message));
    }

    void addStateChange(StateChange change) {
        stateChanges = add(stateChanges, change);
    }

    @Override
    public String toString() {
        return "Ready{logOps=" + logOps() + ", epochWrites=" + epochWrites() + ", applyTo=" + applyToZxid
                + ", snapshotSends=" + snapshotSends() + ", messages=" + messages() + ", stateChanges="
                + stateChanges() + "}";
    }
}
