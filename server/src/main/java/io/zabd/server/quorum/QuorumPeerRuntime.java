package io.zabd.server.quorum;

import io.zabd.engine.EngineConfig;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotView;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.Zxid;
import io.zabd.server.config.QuorumServer;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.quorum.storage.ZabStorage;
import io.zabd.server.zab.EpochWrite;
import io.zabd.server.zab.LogOp;
import io.zabd.server.zab.Ready;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.SubmitResult;
import io.zabd.server.zab.ZabConfig;
import io.zabd.server.zab.ZabMessage;
import io.zabd.server.zab.ZabPeer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one peer's ZAB core for real: one thread (an Agrona agent, parking when idle; every producer
 * unparks it) owns the
 * {@link ZabPeer}, the {@link ZabStorage} (engine, log, epochs, tree) and the peer's side of the
 * {@link PeerTransport}. Each duty cycle delivers inbound messages, reports log durability,
 * hands client writes to the core, runs queued tasks, and ticks the core every {@code coreTickMs};
 * after every input it executes the core's {@link Ready} batches in the documented order: log ops,
 * epoch writes (synced; reported persisted after the batch), apply (through the engine, each
 * committed txn reported to the {@link QuorumListener}), SNAP views, messages, state changes.
 *
 * <p>Thread safety: {@link #submit}, {@link #execute}, {@link #status} and {@link #close} from any
 * thread; the listener is called on the runtime thread, which also owns the tree
 * ({@link #execute} a task to read it).
 */
public final class QuorumPeerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumPeerRuntime.class);
    private static final int INBOUND_PER_CYCLE = 1_024;
    private static final int ELECTION_HISTORY = 128;
    /** Empty duty cycles spun before the runtime thread parks. */
    private static final int IDLE_SPINS = 20;

    private record Inbound(long from, ZabMessage message, SnapshotDelta snapshot) {}

    private record Submit(byte[] txn, Consumer<SubmitResult> callback) {}

    private final ServerConfig serverConfig;
    private final QuorumRuntimeConfig config;
    private final QuorumListener listener;
    private final ZabConfig zabConfig;
    private final ManyToOneConcurrentArrayQueue<Inbound> inbound;
    private final ManyToOneConcurrentArrayQueue<Submit> submits;
    private final ManyToOneConcurrentArrayQueue<Runnable> tasks;
    private final long tickNs;
    private final StatusTracker tracker;
    private ZabStorage storage;
    private PeerTransport transport;
    private ZabPeer peer;
    private AgentRunner runner;
    private volatile Thread thread;
    private final Map<Long, SnapshotDelta> incomingSnapshots = new HashMap<>();
    /** Applies report to the listener (before and after each committed txn). */
    private final ZabStorage.ApplyListener applyListener = new ZabStorage.ApplyListener() {
        @Override
        public void onApplied(Txn txn, io.zabd.engine.tree.ApplyResult result) {
            listener.onCommitted(txn, result);
        }

        @Override
        public void beforeApply(Txn txn) {
            listener.beforeCommitted(txn);
        }
    };
    /** Per peer: connId and seq of the last quorum packet delivered (for {@link #linkLost}). */
    private final Map<Long, long[]> lastPacket = new HashMap<>();
    private long nextTickNs;
    private volatile RuntimeStatus status;
    private volatile boolean failed;

    private QuorumPeerRuntime(ServerConfig serverConfig, QuorumRuntimeConfig config, QuorumListener listener) {
        this.serverConfig = serverConfig;
        this.config = config;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.zabConfig = zabConfig(serverConfig, config);
        this.inbound = new ManyToOneConcurrentArrayQueue<>(config.inboundQueueCapacity());
        this.submits = new ManyToOneConcurrentArrayQueue<>(config.submitQueueCapacity());
        this.tasks = new ManyToOneConcurrentArrayQueue<>(config.submitQueueCapacity());
        this.tickNs = config.coreTickMs() * 1_000_000L;
        this.tracker = new StatusTracker(serverConfig.myid(), ELECTION_HISTORY,
                (long) serverConfig.syncLimitTicks() * serverConfig.tickTimeMs());
    }

    /** The core's configuration from zoo.cfg: limits converted from tickTime units to core ticks. */
    static ZabConfig zabConfig(ServerConfig c, QuorumRuntimeConfig r) {
        List<Long> voters = new ArrayList<>();
        List<Long> observers = new ArrayList<>();
        for (QuorumServer s : c.servers().values()) {
            (s.observer() ? observers : voters).add(s.id());
        }
        int perTick = r.coreTickMs();
        int sync = Math.max(2, c.syncLimitTicks() * c.tickTimeMs() / perTick);
        int init = Math.max(sync, c.initLimitTicks() * c.tickTimeMs() / perTick);
        int ping = Math.max(1, Math.min(r.pingIntervalMs(), c.tickTimeMs() / 2) / perTick);
        return ZabConfig.builder(c.myid(), voters, observers)
                .finalizeWaitTicks(r.finalizeWaitMs() / perTick)
                .initLimitTicks(init)
                .syncLimitTicks(sync)
                .pingIntervalTicks(ping)
                .proposalsInFlightMax(r.proposalsInFlightMax())
                .syncDiffMaxTxns(r.syncDiffMaxTxns())
                .build();
    }

    /** The engine's configuration from zoo.cfg. */
    static EngineConfig engineConfig(ServerConfig c) {
        int txnBytesMax = c.juteMaxBufferBytes() + 1024;
        return new EngineConfig(c.dataDir(), c.dataLogDir(), c.extendedTypesEnabled(), c.forceSync(),
                c.logSegmentBytes(txnBytesMax), c.snapCount(), c.snapSizeLimitKb() * 1024,
                Math.max(ServerConfig.MIN_SNAP_RETAIN_COUNT, c.autopurgeSnapRetainCount()), c.myid() * 7919 + System.nanoTime(),
                txnBytesMax);
    }

    /** Recovers storage, starts the transport and the runtime thread. */
    public static QuorumPeerRuntime start(ServerConfig serverConfig, QuorumRuntimeConfig config,
                                          PeerTransport.Limits limits, QuorumListener listener)
            throws IOException, InterruptedException {
        return start(serverConfig, config, limits, listener, null);
    }

    /**
     * As {@link #start(ServerConfig, QuorumRuntimeConfig, PeerTransport.Limits, QuorumListener)}, with
     * {@code coAgent} run on the runtime thread after each duty cycle (the client state machine, which
     * then owns the tree together with the runtime: one thread, no locks). Null for none.
     */
    public static QuorumPeerRuntime start(ServerConfig serverConfig, QuorumRuntimeConfig config,
                                          PeerTransport.Limits limits, QuorumListener listener, Agent coAgent)
            throws IOException, InterruptedException {
        if (!serverConfig.isQuorum()) {
            throw new IllegalArgumentException("no server.N entries: not an ensemble member");
        }
        QuorumPeerRuntime rt = new QuorumPeerRuntime(serverConfig, config, listener);
        rt.storage = ZabStorage.open(engineConfig(serverConfig), config.logCacheEntriesMax(),
                config.payloadCacheEntries(), rt::wakeup);
        try {
            rt.peer = new ZabPeer(rt.zabConfig, rt.storage.incarnation(), rt.storage, rt.storage.acceptedEpoch(),
                    rt.storage.acceptedEpochLeader(), rt.storage.currentEpoch(), rt.storage.appliedZxid());
            rt.transport = new PeerTransport(serverConfig.myid(), serverConfig.servers(), limits, rt.new Inlet());
            rt.transport.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            rt.storage.close();
            if (rt.transport != null) {
                rt.transport.close();
            }
            throw e;
        }
        rt.publish();
        // Every input unparks the thread (socket reads, log durability, submits, tasks, client requests of
        // the co-agent), so an idle cycle parks at once for the longest period: spinning, yielding and
        // short timed parks only steal the 2 cores from the other threads and processes.
        BackoffIdleStrategy idle = new BackoffIdleStrategy(IDLE_SPINS, 0, config.idleMaxParkNs(), config.idleMaxParkNs());
        Agent loop = rt.new Loop();
        Agent flusher = rt.new Flusher();
        rt.runner = new AgentRunner(idle, rt::onAgentError, null, coAgent == null
                ? new org.agrona.concurrent.CompositeAgent(loop, flusher)
                : new org.agrona.concurrent.CompositeAgent(loop, coAgent, flusher));
        AgentRunner.startOnThread(rt.runner);
        return rt;
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Hands a client write to the core: a TxnCodec-encoded transaction whose header zxid is ignored
     * (the leader assigns it). The callback runs on the runtime thread with the core's answer:
     * PROPOSED (leader, with the zxid), FORWARDED (learner: sent to the leader as REQUEST),
     * NOT_READY, BUSY or ROLLOVER. The commit itself arrives through
     * {@link QuorumListener#onCommitted}. Returns false if the submit queue is full.
     */
    public boolean submit(byte[] txn, Consumer<SubmitResult> callback) {
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(callback, "callback");
        if (!submits.offer(new Submit(txn, callback))) {
            return false;
        }
        wakeup();
        return true;
    }

    /** As {@link #submit(byte[], Consumer)} for a decoded transaction. */
    public boolean submit(Txn txn, Consumer<SubmitResult> callback) {
        return submit(TxnCodec.toBytes(txn), callback);
    }

    /** Runs {@code task} on the runtime thread (which owns the tree); false if the queue is full. */
    public boolean execute(Runnable task) {
        if (!tasks.offer(Objects.requireNonNull(task, "task"))) {
            return false;
        }
        wakeup();
        return true;
    }

    /**
     * The data tree, for reads. Runtime thread only: inside {@link #execute} tasks and listener
     * callbacks (it is the state machine the runtime applies commits to).
     */
    public io.zabd.engine.tree.DataTree tree() {
        io.zabd.engine.util.Invariants.check(Thread.currentThread() == thread, "tree read off the runtime thread");
        return storage.tree();
    }

    // ---------------------------------------------------------------- co-located state machine (runtime thread)

    /**
     * Runtime thread only: proposes a prepared transaction now (leader) and executes the resulting
     * batch. Returns the core's answer; PROPOSED carries the zxid.
     */
    public SubmitResult proposeNow(Txn txn, byte[] encoded) throws IOException {
        checkThread();
        if (peer.state() != ServerState.LEADING) {
            return new SubmitResult(SubmitResult.Status.NOT_READY, -1);
        }
        storage.rememberOwn(encoded, txn);
        SubmitResult r = peer.submit(encoded);
        drain();
        return r;
    }

    /**
     * Runtime thread only: forwards an opaque client request to the leader as a REQUEST packet
     * (learner in broadcast). The leader's runtime hands it to {@link QuorumListener#onForwarded}
     * instead of proposing it. NOT_READY when this peer is not an established learner.
     */
    public SubmitResult forwardNow(byte[] request) throws IOException {
        checkThread();
        ServerState st = peer.state();
        if (!peer.established() || (st != ServerState.FOLLOWING && st != ServerState.OBSERVING)) {
            return new SubmitResult(SubmitResult.Status.NOT_READY, -1);
        }
        SubmitResult r = peer.submit(request);
        drain();
        return r;
    }

    /**
     * Runtime thread only (leader): answers a learner's sync with {@code payload} in a SYNC packet,
     * sent right after the COMMIT of the last proposal made so far (at once if none is outstanding);
     * the learner's runtime hands it to {@link QuorumListener#onSyncReply} once it applied what came
     * before. False if this peer is not leading or the learner is not in broadcast.
     */
    public boolean syncReplyNow(long learnerId, byte[] payload) throws IOException {
        checkThread();
        boolean sent = peer.sendSync(learnerId, payload);
        drain();
        return sent;
    }

    /** Runtime thread only (leader): syncs waiting for an earlier proposal's COMMIT. */
    public int pendingSyncsNow() {
        checkThread();
        return peer.pendingSyncs();
    }

    /** The core's proposalsInFlightMax: more uncommitted proposals are refused (BUSY). */
    public int proposalsInFlightMax() {
        return config.proposalsInFlightMax();
    }

    /** Runtime thread only: the zxid the leader will give its next proposal. */
    public long nextProposalZxid() {
        checkThread();
        long last = peer.lastLoggedZxid();
        return Zxid.epoch(last) == peer.epoch() ? last + 1 : Zxid.of(peer.epoch(), 1);
    }

    /** Runtime thread only: the core's state, role and establishment right now. */
    public ServerState peerState() {
        checkThread();
        return peer.state();
    }

    public long peerEpoch() {
        checkThread();
        return peer.epoch();
    }

    public boolean peerEstablished() {
        checkThread();
        return peer.established();
    }

    private void checkThread() {
        io.zabd.engine.util.Invariants.check(Thread.currentThread() == thread, "called off the runtime thread");
    }

    public RuntimeStatus status() {
        return status;
    }

    private void wakeup() {
        Thread t = thread;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /** The transport's side: queue for the runtime thread (a full queue drops: a loss the core detects). */
    private final class Inlet implements PeerTransport.Receiver {
        @Override
        public void onMessage(long from, ZabMessage message, SnapshotDelta snapshot) {
            offer(new Inbound(from, message, snapshot)); // woken once per socket read, in onReadComplete
        }

        @Override
        public void onQuorumLinkClosed(long peer) {
            offer(new Inbound(peer, null, null));
            wakeup();
        }

        @Override
        public void onReadComplete() {
            wakeup();
        }

        private void offer(Inbound in) {
            if (!inbound.offer(in)) {
                LOG.warn("inbound queue full ({}): dropping a message from {}", config.inboundQueueCapacity(), in.from());
            }
        }
    }

    /** Errors that escaped the duty cycle (see {@link #fatal} for the ones it stops on). */
    private void onAgentError(Throwable t) {
        if (!(t instanceof org.agrona.concurrent.AgentTerminationException)) {
            fatal(t);
        }
    }

    /** Storage failed or an invariant broke: the runtime stops for good and tells the listener once. */
    private void fatal(Throwable t) {
        if (!failed) {
            failed = true;
            LOG.error("quorum runtime of server {} stopped", serverConfig.myid(), t);
            tracker.failure = t.toString();
            status = tracker.snapshot(peer, -1, storage.appliedZxid(), 0, transport, System.nanoTime());
            listener.onFatal(t);
        }
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        if (transport != null) {
            transport.close();
        }
        try {
            if (storage != null) {
                storage.close();
            }
        } catch (IOException e) {
            LOG.warn("closing ZAB storage: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- runtime thread

    private final class Loop implements Agent {
        @Override
        public void onStart() {
            thread = Thread.currentThread();
            nextTickNs = System.nanoTime() + tickNs;
            tracker.electionStarted(System.nanoTime());
        }

        @Override
        public int doWork() {
            try {
                return duty();
            } catch (IOException | RuntimeException | Error e) {
                fatal(e);
                throw new org.agrona.concurrent.AgentTerminationException(e);
            }
        }

        private int duty() throws IOException {
            int work = 0;
            Inbound in;
            while (work < INBOUND_PER_CYCLE && (in = inbound.poll()) != null) {
                deliver(in);
                work++;
            }
            long seq = storage.pollDurableSeq();
            if (seq >= 0) {
                peer.onDurable(seq);
                drain();
                work++;
            }
            Submit s;
            while ((s = submits.poll()) != null) {
                SubmitResult r = peer.submit(s.txn());
                drain();
                s.callback().accept(r);
                work++;
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
                work++;
            }
            long now = System.nanoTime();
            if (now - nextTickNs >= 0) {
                peer.tick();
                drain();
                nextTickNs += tickNs;
                if (now - nextTickNs > 10 * tickNs) {
                    nextTickNs = now + tickNs; // the thread was stalled: do not replay missed ticks in a burst
                }
                publish();
                work++;
            }
            return work;
        }

        @Override
        public String roleName() {
            return "zabd-quorum-" + serverConfig.myid();
        }
    }

    /**
     * Last in each duty cycle (after the co-agent): wakes the log writer for the cycle's appends, then
     * hands the messages the cycle queued to the transport's event loop, one batch per link, so a burst
     * of proposals, ACKs and COMMITs costs one log force, one event-loop task and one socket write per
     * link instead of one per message.
     */
    private final class Flusher implements Agent {
        @Override
        public int doWork() {
            if (storage != null) {
                storage.wakeLogWriter();
            }
            transport.flush();
            return 0;
        }

        @Override
        public String roleName() {
            return "zabd-quorum-flush-" + serverConfig.myid();
        }
    }

    private void deliver(Inbound in) throws IOException {
        ZabMessage m = in.message();
        if (m == null) {
            linkLost(in.from());
            return;
        }
        if (m instanceof ZabMessage.QuorumPacket p) {
            long[] last = lastPacket.get(in.from());
            if (last == null) {
                last = new long[2];
                lastPacket.put(in.from(), last);
            }
            last[0] = p.connId();
            last[1] = p.seq();
            tracker.heard(in.from(), System.nanoTime());
            if (p.body() instanceof ZabMessage.Request r && peer.state() == ServerState.LEADING
                    && listener.onForwarded(in.from(), r.txn())) {
                // the client pipeline prepares it; the core only sees the packet number
                peer.step(in.from(), new ZabMessage.QuorumPacket(p.connId(), p.seq(), new ZabMessage.Ping()));
                drain();
                return;
            }
            if (p.body() instanceof ZabMessage.Request r && !decodes(r.txn())) {
                LOG.warn("dropping a malformed forwarded write from server {} (the link will break on the gap)", in.from());
                return;
            }
            if (in.snapshot() != null) {
                incomingSnapshots.put(in.snapshot().zxid(), in.snapshot());
            }
            tracker.onReceived(p.body());
        }
        peer.step(in.from(), m);
        drain();
        if (m instanceof ZabMessage.QuorumPacket p && p.body() instanceof ZabMessage.Sync s && peer.established()
                && (peer.state() == ServerState.FOLLOWING || peer.state() == ServerState.OBSERVING)) {
            listener.onSyncReply(s.payload()); // after the commits that preceded it were applied
        }
    }

    /**
     * A quorum connection closed: packets sent on it may be lost. The core learns of losses from a
     * gap in a learner link's packet numbers, so the runtime tells it through one: a PING numbered
     * two past the last packet received on that link (the learner then goes LOOKING, the leader drops
     * the learner's handler), as ZooKeeper reacts to a closed socket, instead of waiting for syncLimit.
     */
    private void linkLost(long peerId) throws IOException {
        long[] last = lastPacket.remove(peerId);
        if (last != null) {
            peer.step(peerId, new ZabMessage.QuorumPacket(last[0], last[1] + 2, new ZabMessage.Ping()));
            drain();
        }
    }

    private static boolean decodes(byte[] txn) {
        try {
            TxnCodec.fromBytes(txn);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Executes every Ready batch in the documented order. */
    private void drain() throws IOException {
        while (peer.hasReady()) {
            Ready r = peer.ready();
            // indexed loops: this runs for every input, and an iterator each list was most of its garbage
            List<LogOp> logOps = r.logOps();
            for (int i = 0; i < logOps.size(); i++) {
                LogOp op = logOps.get(i);
                SnapshotDelta image = null;
                if (op instanceof LogOp.InstallSnapshot s) {
                    image = incomingSnapshots.remove(s.zxid());
                    incomingSnapshots.clear();
                }
                storage.execute(op, image);
            }
            List<EpochWrite> epochWrites = r.epochWrites();
            for (int i = 0; i < epochWrites.size(); i++) {
                storage.persist(epochWrites.get(i));
            }
            if (r.applyToZxid() >= 0) {
                storage.applyTo(r.applyToZxid(), applyListener);
            }
            List<Ready.SnapshotSend> snapshotSends = r.snapshotSends();
            Map<Long, SnapshotView> views = snapshotSends.isEmpty() ? Map.of() : new HashMap<>();
            for (int i = 0; i < snapshotSends.size(); i++) {
                Ready.SnapshotSend s = snapshotSends.get(i);
                SnapshotView old = views.put(s.to(), storage.viewAt(s.zxid()));
                if (old != null) {
                    old.close();
                }
            }
            List<Ready.Outbound> messages = r.messages();
            for (int i = 0; i < messages.size(); i++) {
                Ready.Outbound o = messages.get(i);
                SnapshotView view = null;
                if (o.message() instanceof ZabMessage.QuorumPacket p) {
                    tracker.onSent(o.to(), p.body(), System.nanoTime());
                    if (p.body() instanceof ZabMessage.Snap && !views.isEmpty()) {
                        view = views.remove(o.to());
                    }
                }
                transport.queue(o.to(), o.message(), view); // sent by the Flusher at the end of the cycle
            }
            if (!views.isEmpty()) {
                for (SnapshotView unused : views.values()) {
                    unused.close();
                }
            }
            List<Ready.StateChange> stateChanges = r.stateChanges();
            boolean changed = !stateChanges.isEmpty();
            for (int i = 0; i < stateChanges.size(); i++) {
                onStateChange(stateChanges.get(i));
            }
            for (int i = 0; i < epochWrites.size(); i++) {
                EpochWrite w = epochWrites.get(i);
                peer.onPersisted(w.kind(), w.epoch());
            }
            if (changed) {
                publish();
                listener.onStatusChange(status);
            }
        }
    }

    private void onStateChange(Ready.StateChange c) {
        long now = System.nanoTime();
        LOG.info("server {} -> {}/{} leader {} epoch {}{}: {}", serverConfig.myid(), c.state(), c.phase(), c.leaderId(),
                c.epoch(), c.established() ? " ESTABLISHED" : "", c.reason());
        if (c.state() == ServerState.LOOKING) {
            incomingSnapshots.clear();
            tracker.electionStarted(now);
        } else if (c.established()) {
            long ms = tracker.electionEnded(now);
            if (ms >= 0) {
                LOG.info("server {}: election and sync took {} ms ({} of server {} in epoch {})", serverConfig.myid(), ms,
                        c.state() == ServerState.LEADING ? "leader" : "member", c.leaderId(), c.epoch());
            }
        }
        if (c.state() != ServerState.LEADING) {
            tracker.clearSynced();
        }
    }

    private void publish() {
        if (peer == null) {
            return;
        }
        status = tracker.snapshot(peer, storage.durableZxid(), storage.appliedZxid(), storage.tree().digest(), transport,
                System.nanoTime());
    }
}
