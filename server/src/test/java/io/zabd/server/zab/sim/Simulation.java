package io.zabd.server.zab.sim;

import io.zabd.engine.txn.Zxid;
import io.zabd.server.zab.EpochWrite;
import io.zabd.server.zab.LogEntry;
import io.zabd.server.zab.LogOp;
import io.zabd.server.zab.Ready;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.SubmitResult;
import io.zabd.server.zab.ZabConfig;
import io.zabd.server.zab.ZabMessage;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A whole ensemble in one thread: peers ({@link SimNode}) over a simulated network (delay, loss,
 * duplication, reordering, partitions), simulated disks (fsync latency, crash with torn tails) and a
 * simulated clock, with random client writes and crash/restart of random peers. Everything derives
 * from the seed, so a run replays exactly. {@link ClusterChecker} checks safety after every event;
 * after the fault phase the network heals and the run must converge (liveness) within a bound.
 */
public final class Simulation {
    static final int TICK_MS = 10;
    static final int LIVENESS_BOUND_MS = 60_000;
    private static final int TRACE_LINES = 400;
    private static final int CLIENT_PENDING_MAX = 3;

    private record Event(long time, long seq, Runnable action) {}

    private static final class Client {
        final long id;
        long node = -1;
        long connNo;
        long seq;
        final Set<Long> pending = new HashSet<>();

        Client(long id) {
            this.id = id;
        }
    }

    /** What a finished run reports. */
    public record Result(long seed, long simulatedMs, long committed, long acked, long elections, long crashes,
                         long partitions, long snapshotsInstalled, long tornTails, long messages, long syncsChecked) {}

    private final SimOptions opt;
    /** A client action at the leader is followed by a learner's sync once in this many. */
    private static final int SYNC_ONE_IN = 5;
    private final SplittableRandom rnd;
    private final ClusterChecker checker = new ClusterChecker();
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Map<Long, SimNode> nodes = new HashMap<>();
    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Integer> group = new HashMap<>();
    private final Map<Long, Long> lastDelivery = new HashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<SmState> ackedWrites = new ArrayList<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private long now;
    private long eventSeq;
    private boolean faults = true;
    private long crashes;
    private long partitions;
    private long snapshotsInstalled;
    private long messages;
    /** SYNC packets delivered to an established learner of their sender, each checked (see deliverAt). */
    private long syncsChecked;
    /** Messages the network reordered, and SYNCs delivered once already (a duplicate comes later). */
    private final java.util.Set<ZabMessage> reordered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final java.util.Set<ZabMessage> syncsDelivered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Client probe = new Client(0);
    private long probeEpoch = -1;
    private SmState probeApplied;

    public Simulation(long seed) {
        this.opt = SimOptions.fromSeed(seed);
        this.rnd = new SplittableRandom(seed);
        List<Long> voters = new ArrayList<>();
        List<Long> observers = new ArrayList<>();
        for (long i = 1; i <= opt.voters(); i++) {
            voters.add(i);
        }
        for (long i = 1; i <= opt.observers(); i++) {
            observers.add(opt.voters() + i);
        }
        ids.addAll(voters);
        ids.addAll(observers);
        for (long id : ids) {
            ZabConfig config = ZabConfig.builder(id, voters, observers)
                    .finalizeWaitTicks(20).notificationTimeoutMinTicks(20).notificationTimeoutMaxTicks(400)
                    .initLimitTicks(300).syncLimitTicks(150).pingIntervalTicks(30)
                    .proposalsInFlightMax(200).syncDiffMaxTxns(opt.syncDiffMaxTxns())
                    .counterRolloverThreshold(opt.rolloverThreshold()).rolloverDrainTicks(100).build();
            SimNode node = new SimNode(id, config);
            node.tickMs = TICK_MS - 1 + rnd.nextInt(3);
            nodes.put(id, node);
            group.put(id, 0);
        }
        for (long c = 1; c <= opt.clients(); c++) {
            clients.add(new Client(c));
        }
    }

    public SimOptions options() {
        return opt;
    }

    // ------------------------------------------------------------------ run

    /** Runs the fault phase, heals, and checks convergence; throws on any violated property. */
    public Result run() {
        try {
            for (long id : ids) {
                SimNode n = nodes.get(id);
                n.start();
                drain(n);
                scheduleTick(n, rnd.nextInt(TICK_MS));
            }
            for (Client c : clients) {
                scheduleClient(c);
            }
            scheduleFault(opt.crashMeanMs(), this::crashSomeone);
            scheduleFault(opt.partitionMeanMs(), this::partition);
            scheduleFault(opt.purgeMeanMs(), this::purgeSomeone);
            at(opt.faultPhaseMs(), this::heal);
            long deadline = opt.faultPhaseMs() + LIVENESS_BOUND_MS;
            while (!queue.isEmpty() && probeApplied == null) {
                Event e = queue.poll();
                now = e.time;
                if (now > deadline) {
                    throw new ClusterChecker.Violation("liveness: no convergence within " + LIVENESS_BOUND_MS
                            + " ms after the faults stopped; " + status());
                }
                e.action.run();
            }
            finalChecks();
            long elections = checker.establishedCount;
            long torn = 0;
            for (SimNode n : nodes.values()) {
                torn += n.disk.tornTails;
            }
            return new Result(opt.seed(), now, checker.committedCount(), ackedWrites.size(), elections, crashes,
                    partitions, snapshotsInstalled, torn, messages, syncsChecked);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("simulation failed, replay with -Dsim.seed=" + opt.seed() + " (" + opt + ")\n"
                    + e + "\nlast events:\n" + String.join("\n", trace), e);
        }
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, eventSeq++, action));
    }

    private void log(String line) {
        if (trace.size() == TRACE_LINES) {
            trace.pollFirst();
        }
        trace.addLast(now + "ms " + line);
    }

    private String status() {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            SimNode n = nodes.get(id);
            sb.append("\n  peer ").append(id).append(n.up ? "" : " DOWN");
            if (n.up) {
                sb.append(' ').append(n.peer.state()).append('/').append(n.peer.phase()).append(" leader ")
                        .append(n.peer.leaderId()).append(" epoch ").append(n.peer.epoch()).append(" accepted ")
                        .append(n.peer.acceptedEpoch()).append(" current ").append(n.peer.currentEpoch())
                        .append(" last ").append(Zxid.toHex(n.peer.lastLoggedZxid())).append(" applied ")
                        .append(Zxid.toHex(n.applied.zxid()));
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ peers and their I/O

    private void scheduleTick(SimNode n, long delay) {
        long inc = n.incarnation;
        at(now + delay, () -> {
            if (n.up && n.incarnation == inc) {
                n.peer.tick();
                drain(n);
                scheduleTick(n, n.tickMs);
            }
        });
    }

    /** Executes the peer's Ready batches in the documented order. */
    private void drain(SimNode n) {
        while (n.up && n.peer.hasReady()) {
            Ready r = n.peer.ready();
            for (LogOp op : r.logOps()) {
                SmState snapshot = null;
                if (op instanceof LogOp.InstallSnapshot s) {
                    snapshot = n.incomingSnapshots.remove(s.zxid());
                    if (snapshot == null || snapshot.zxid() != s.zxid()) {
                        ClusterChecker.fail("peer " + n.id + " installs a snapshot at " + Zxid.toHex(s.zxid())
                                + " it never received");
                    }
                }
                n.disk.issue(op, snapshot);
                if (snapshot != null) {
                    n.applied = snapshot;
                    checker.onInstall(n.id, snapshot);
                    snapshotsInstalled++;
                }
            }
            startFsync(n);
            for (EpochWrite w : r.epochWrites()) {
                log("peer " + n.id + " persists " + w);
                n.disk.queueEpoch(w);
            }
            startEpochWrite(n);
            if (r.applyToZxid() >= 0) {
                apply(n, r.applyToZxid());
            }
            Map<Long, SmState> snapshots = new HashMap<>();
            for (Ready.SnapshotSend s : r.snapshotSends()) {
                if (n.applied.zxid() != s.zxid()) {
                    ClusterChecker.fail("peer " + n.id + " asked to stream a snapshot at " + Zxid.toHex(s.zxid())
                            + " but is at " + Zxid.toHex(n.applied.zxid()));
                }
                snapshots.put(s.to(), n.applied);
            }
            for (Ready.Outbound o : r.messages()) {
                SmState attachment = null;
                if (o.message() instanceof ZabMessage.QuorumPacket p && p.body() instanceof ZabMessage.Snap) {
                    attachment = snapshots.get(o.to());
                }
                send(n.id, o.to(), o.message(), attachment);
            }
            for (Ready.StateChange c : r.stateChanges()) {
                onStateChange(n, c);
            }
        }
        if (n.up && (n.peer.appliedZxid() != n.applied.zxid() || n.peer.lastLoggedZxid() != n.disk.lastZxid())) {
            ClusterChecker.fail("peer " + n.id + " core and storage disagree: applied " + Zxid.toHex(n.peer.appliedZxid())
                    + " vs " + Zxid.toHex(n.applied.zxid()) + ", last " + Zxid.toHex(n.peer.lastLoggedZxid()) + " vs "
                    + Zxid.toHex(n.disk.lastZxid()));
        }
    }

    private void apply(SimNode n, long toZxid) {
        for (LogEntry e : n.disk.range(n.applied.zxid(), toZxid)) {
            n.applied = n.applied.apply(e.zxid(), e.txn());
            checker.onApply(n.id, n.applied, e.txn());
            onClientTxnApplied(n, e.txn(), n.applied);
        }
        if (n.applied.zxid() != toZxid) {
            ClusterChecker.fail("peer " + n.id + " told to apply up to " + Zxid.toHex(toZxid) + " but its log reached "
                    + Zxid.toHex(n.applied.zxid()));
        }
    }

    private void startFsync(SimNode n) {
        if (n.fsyncInFlight || !n.disk.hasPending()) {
            return;
        }
        long seq = n.disk.lastPendingSeq();
        long inc = n.incarnation;
        n.fsyncInFlight = true;
        long latency = 1 + rnd.nextInt(opt.fsyncMaxMs()) + (rnd.nextInt(100) == 0 ? 50 + rnd.nextInt(150) : 0);
        if (faults && rnd.nextInt(3_000) == 0) {
            latency += 500 + rnd.nextInt(2_500); // an fsync stall of seconds, as seen in production
            log("peer " + n.id + " fsync stalls for " + latency + " ms");
        }
        at(now + latency, () -> {
            if (n.up && n.incarnation == inc) {
                n.disk.syncThrough(seq);
                n.fsyncInFlight = false;
                n.peer.onDurable(seq);
                drain(n);
                startFsync(n);
            }
        });
    }

    private void startEpochWrite(SimNode n) {
        EpochWrite w = n.disk.firstPendingEpoch();
        if (n.epochWriteInFlight || w == null) {
            return;
        }
        long inc = n.incarnation;
        n.epochWriteInFlight = true;
        at(now + 1 + rnd.nextInt(opt.fsyncMaxMs()), () -> {
            if (n.up && n.incarnation == inc) {
                n.disk.epochDurable();
                n.epochWriteInFlight = false;
                n.peer.onPersisted(w.kind(), w.epoch());
                drain(n);
                startEpochWrite(n);
            }
        });
    }

    private void onStateChange(SimNode n, Ready.StateChange c) {
        log("peer " + n.id + " -> " + c.state() + "/" + c.phase() + " leader " + c.leaderId() + " epoch " + c.epoch()
                + (c.established() ? " ESTABLISHED" : "") + ": " + c.reason());
        if (c.established()) {
            if (c.state() == ServerState.LEADING) {
                checker.onLeaderEstablished(n.id, c.epoch());
            } else {
                checker.onLearnerEstablished(n.id, c.leaderId(), c.epoch());
            }
            n.established = true;
        } else {
            n.established = false;
            disconnectClients(n.id);
        }
    }

    // ------------------------------------------------------------------ network

    private boolean connected(long a, long b) {
        return group.get(a).equals(group.get(b));
    }

    private void send(long from, long to, ZabMessage message, SmState attachment) {
        messages++;
        if (!connected(from, to) || (faults && rnd.nextDouble() < opt.lossProbability())) {
            return;
        }
        long key = from * 1024 + to;
        long t = now + 1 + rnd.nextInt(4) + (rnd.nextInt(200) == 0 ? 20 + rnd.nextInt(100) : 0);
        if (!(faults && rnd.nextDouble() < opt.reorderProbability())) {
            t = Math.max(t, lastDelivery.getOrDefault(key, 0L));
        } else {
            reordered.add(message);
        }
        lastDelivery.merge(key, t, Math::max);
        deliverAt(t, from, to, message, attachment);
        if (faults && rnd.nextDouble() < opt.duplicateProbability()) {
            deliverAt(t + 1 + rnd.nextInt(30), from, to, message, attachment);
        }
    }

    private void deliverAt(long t, long from, long to, ZabMessage message, SmState attachment) {
        at(t, () -> {
            SimNode n = nodes.get(to);
            if (!n.up || !connected(from, to)) {
                return;
            }
            if (attachment != null) {
                n.incomingSnapshots.put(attachment.zxid(), attachment);
            }
            n.peer.step(from, message);
            drain(n);
            checkSync(n, from, message);
        });
    }

    /**
     * A SYNC answers a sync the leader took when its log ended at the zxid in the payload: an
     * established learner of that leader must have applied exactly that far when it arrives: at least
     * (the leader sends it after that proposal's COMMIT, on the same link) and no further (the COMMIT of
     * anything proposed after the sync comes after the SYNC, so the learner answers in its client's order
     * even when the leader commits a run of proposals at once; checked on a SYNC's first delivery when the
     * simulated network did not reorder it, as TCP never does).
     */
    private void checkSync(SimNode n, long from, ZabMessage message) {
        if (!(message instanceof ZabMessage.QuorumPacket p) || !(p.body() instanceof ZabMessage.Sync sync)
                || !n.up || !n.established || n.peer.leaderId() != from
                || (n.peer.state() != ServerState.FOLLOWING && n.peer.state() != ServerState.OBSERVING)) {
            return;
        }
        long afterZxid = ByteBuffer.wrap(sync.payload()).getLong();
        syncsChecked++;
        if (n.peer.appliedZxid() < afterZxid) {
            ClusterChecker.fail("peer " + n.id + " got SYNC from " + from + " for " + Zxid.toHex(afterZxid)
                    + " but applied only " + Zxid.toHex(n.peer.appliedZxid()));
        }
        boolean inOrderFirstDelivery = syncsDelivered.add(message) && !reordered.contains(message);
        if (inOrderFirstDelivery && n.peer.appliedZxid() > afterZxid) {
            ClusterChecker.fail("peer " + n.id + " got SYNC from " + from + " for " + Zxid.toHex(afterZxid)
                    + " after applying " + Zxid.toHex(n.peer.appliedZxid()) + ": a later commit overtook the SYNC");
        }
    }

    /** The leader answers a sync of a random learner (as the client pipeline does for a forwarded one). */
    private void leaderSync(SimNode leader) {
        long learner = ids.get(rnd.nextInt(ids.size()));
        if (learner == leader.id) {
            return;
        }
        byte[] payload = ByteBuffer.allocate(8).putLong(leader.peer.lastLoggedZxid()).array();
        if (leader.peer.sendSync(learner, payload)) {
            log("leader " + leader.id + " syncs learner " + learner + " after " + Zxid.toHex(leader.peer.lastLoggedZxid()));
        }
        drain(leader);
    }

    // ------------------------------------------------------------------ faults

    private void scheduleFault(int meanMs, Runnable fault) {
        at(now + 1 + rnd.nextInt(2 * meanMs), () -> {
            if (faults) {
                fault.run();
                scheduleFault(meanMs, fault);
            }
        });
    }

    private void crashSomeone() {
        SimNode n = nodes.get(ids.get(rnd.nextInt(ids.size())));
        if (!n.up) {
            return;
        }
        crashes++;
        n.up = false;
        n.disk.crash(rnd);
        disconnectClients(n.id);
        log("peer " + n.id + " CRASHED");
        at(now + 100 + rnd.nextInt(3_000), () -> restart(n));
    }

    private void restart(SimNode n) {
        if (n.up) {
            return;
        }
        n.up = true;
        n.incarnation++;
        n.start();
        if (!n.applied.equals(SmState.EMPTY) && !checker.contains(n.applied)) {
            ClusterChecker.fail("peer " + n.id + " recovered a snapshot that is not a committed state");
        }
        log("peer " + n.id + " RESTARTED (incarnation " + n.incarnation + ", last " + Zxid.toHex(n.disk.lastZxid())
                + ", accepted " + n.disk.durableAccepted() + ", current " + n.disk.durableCurrent() + ")");
        drain(n);
        scheduleTick(n, rnd.nextInt(TICK_MS));
    }

    private void partition() {
        int size = 1 + rnd.nextInt(ids.size() - 1);
        List<Long> shuffled = new ArrayList<>(ids);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Long tmp = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, tmp);
        }
        for (long id : ids) {
            group.put(id, 0);
        }
        for (int i = 0; i < size; i++) {
            group.put(shuffled.get(i), 1);
        }
        partitions++;
        log("PARTITION " + shuffled.subList(0, size) + " | " + shuffled.subList(size, shuffled.size()));
        at(now + 300 + rnd.nextInt(5_000), () -> {
            for (long id : ids) {
                group.put(id, 0);
            }
            log("partition healed");
        });
    }

    private void purgeSomeone() {
        SimNode n = nodes.get(ids.get(rnd.nextInt(ids.size())));
        if (n.up && n.disk.purge(n.applied)) {
            log("peer " + n.id + " snapshot at " + Zxid.toHex(n.applied.zxid()) + ", log purged");
        }
    }

    private void heal() {
        faults = false;
        for (long id : ids) {
            group.put(id, 0);
        }
        log("FAULTS STOP: network healed, all peers restarted");
        for (long id : ids) {
            restart(nodes.get(id));
        }
        scheduleLivenessCheck();
    }

    // ------------------------------------------------------------------ clients

    private void scheduleClient(Client c) {
        at(now + 2 + rnd.nextInt(40), () -> {
            if (faults) {
                clientAct(c);
                scheduleClient(c);
            }
        });
    }

    private void clientAct(Client c) {
        SimNode n = c.node < 0 ? null : nodes.get(c.node);
        if (n == null || !n.up || !n.established) {
            List<SimNode> ready = new ArrayList<>();
            for (long id : ids) {
                SimNode m = nodes.get(id);
                if (m.up && m.established) {
                    ready.add(m);
                }
            }
            if (ready.isEmpty()) {
                return;
            }
            n = ready.get(rnd.nextInt(ready.size()));
            c.node = n.id;
            c.connNo++;
            c.pending.clear();
        }
        if (c.pending.size() < CLIENT_PENDING_MAX) {
            submit(n, c);
        }
        if (n.peer.state() == ServerState.LEADING && rnd.nextInt(SYNC_ONE_IN) == 0) {
            leaderSync(n);
        }
    }

    private boolean submit(SimNode n, Client c) {
        long seq = c.seq + 1;
        byte[] txn = new byte[24 + rnd.nextInt(16)];
        ByteBuffer.wrap(txn).putLong(c.id).putLong(c.connNo).putLong(seq);
        SubmitResult r = n.peer.submit(txn);
        drain(n);
        if (r.accepted()) {
            c.seq = seq;
            c.pending.add(seq);
            return true;
        }
        return false;
    }

    private void disconnectClients(long nodeId) {
        for (Client c : clients) {
            if (c.node == nodeId) {
                c.node = -1;
            }
        }
        if (probe.node == nodeId) {
            probe.node = -1;
        }
    }

    private void onClientTxnApplied(SimNode n, byte[] txn, SmState after) {
        ByteBuffer b = ByteBuffer.wrap(txn);
        long clientId = b.getLong();
        long connNo = b.getLong();
        long seq = b.getLong();
        Client c = clientId == 0 ? probe : clients.get((int) clientId - 1);
        if (c.node == n.id && c.connNo == connNo && c.pending.remove(seq)) {
            ackedWrites.add(after);
        }
    }

    // ------------------------------------------------------------------ liveness

    private void scheduleLivenessCheck() {
        at(now + 50, () -> {
            livenessStep();
            if (probeApplied == null) {
                scheduleLivenessCheck();
            }
        });
    }

    /** After the heal: a leader is established, a fresh write commits and every peer converges. */
    private void livenessStep() {
        SimNode leader = null;
        for (long id : ids) {
            SimNode n = nodes.get(id);
            if (n.established && n.peer.state() == ServerState.LEADING) {
                leader = n;
            }
        }
        if (leader == null) {
            return;
        }
        if (probe.node != leader.id || probeEpoch != leader.peer.epoch()) {
            probe.node = leader.id;
            probe.connNo++;
            probe.pending.clear();
            if (submit(leader, probe)) {
                probeEpoch = leader.peer.epoch();
                log("probe write submitted to leader " + leader.id);
            } else {
                probe.node = -1;
            }
            return;
        }
        if (!probe.pending.isEmpty()) {
            return;
        }
        for (long id : ids) {
            SimNode n = nodes.get(id);
            if (!n.established || !n.applied.equals(checker.last())) {
                return;
            }
        }
        probeApplied = checker.last();
    }

    private void finalChecks() {
        for (SmState acked : ackedWrites) {
            if (!checker.contains(acked)) {
                ClusterChecker.fail("acknowledged write at " + Zxid.toHex(acked.zxid()) + " was lost");
            }
        }
        for (long id : ids) {
            if (!nodes.get(id).applied.equals(checker.last())) {
                ClusterChecker.fail("peer " + id + " did not converge");
            }
        }
    }
}
