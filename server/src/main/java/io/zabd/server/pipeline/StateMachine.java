package io.zabd.server.pipeline;

import io.zabd.engine.Engine;
import io.zabd.engine.log.DurabilityListener;
import io.zabd.engine.log.GroupCommitLog;
import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeRecord;
import io.zabd.engine.tree.WatchTrigger;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.Permissions;
import io.zabd.engine.tree.prep.PrepConfig;
import io.zabd.engine.tree.prep.PrepResult;
import io.zabd.engine.tree.prep.TxnPrep;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.util.Invariants;
import io.zabd.server.admin.audit.AuditEvent;
import io.zabd.server.admin.audit.AuditLog;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.OpHandlers;
import io.zabd.server.client.ReadHandler;
import io.zabd.server.client.Reply;
import io.zabd.server.client.ServerContext;
import io.zabd.server.client.WriteHandler;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.WatcherEvent;
import io.zabd.server.client.watch.WatchManager;
import io.zabd.server.net.ClientConnection;
import io.zabd.server.net.RequestSink;
import io.zabd.server.session.SessionTracker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-machine agent: the one thread that owns the engine's tree, prep, sessions and watches.
 * Flow of a write: request → prep → txn (zxid assigned) → group-commit log → (writer thread) durable
 * → this agent applies every txn up to the durable zxid in order, fires watches, answers (flush once
 * per batch) → {@code prep.applied}. No reply precedes the durability of its txn. Reads wait in their
 * connection's FIFO behind that connection's earlier writes (see {@link Cnxn#fifo()}).
 *
 * <p>Connects, session expiry and the container/TTL cleaner live in {@link Sessions} and
 * {@link Cleaner}; this class dispatches and applies.
 */
public final class StateMachine implements Agent, ServerContext, DurabilityListener {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachine.class);

    private final PipelineConfig config;
    private final Engine engine;
    private DataTree tree;
    private TxnPrep prep;
    private final OpHandlers handlers = OpHandlers.standard();
    private final WatchManager<Cnxn> watches = new WatchManager<>();
    private final ManyToOneConcurrentArrayQueue<Inbound> inbound;
    private final PipelineSink sink;
    private final Map<ClientConnection, Cnxn> cnxns = new IdentityHashMap<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Txn> unoffered = new ArrayDeque<>();
    /**
     * Connections written to since the last flush, in order, each once per flush ({@link Cnxn#markWritten}
     * says which write is the first): a list walked by index, so a duty cycle allocates no iterator.
     */
    private final ArrayList<Cnxn> written = new ArrayList<>();
    private Sessions sessions;
    private Cleaner cleaner;
    /** Ensemble mode: the ZAB runtime (null when standalone); see {@link EnsembleSupport}. */
    final Replication replication;
    final EnsembleSupport ensemble;
    /** Ensemble mode: what /zookeeper/config serves here; null when standalone (the tree's empty node). */
    private final io.zabd.server.client.ConfigNode configNode;
    private final io.zabd.server.session.SessionPasswords passwords;
    private final Consumer<Throwable> fatal;
    private GroupCommitLog log;
    /** The audit stream, or null when audit.enable is off. */
    private final AuditLog audit;
    private long nextZxid;
    private volatile long durableZxid;
    private volatile IOException logFailure;
    private volatile Thread agentThread;
    private volatile boolean drainRequested;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean failed;
    /** Replies sent (4lw srvr "Sent"); agent thread only, read through {@link #query}. */
    private long packetsSent;
    private final Latency latency = new Latency();
    private final StateView view = new StateView(this);

    public StateMachine(PipelineConfig config, Engine engine, io.zabd.server.session.SessionPasswords passwords,
            AuditLog audit, Consumer<Throwable> fatal) {
        this.audit = audit;
        this.config = config;
        this.engine = engine;
        this.replication = null;
        this.ensemble = null;
        this.configNode = null;
        this.passwords = passwords;
        this.tree = engine.tree();
        this.prep = newPrep(tree);
        this.inbound = new ManyToOneConcurrentArrayQueue<>(config.inboundQueueCapacity());
        this.sink = new PipelineSink(inbound, config.globalOutstandingLimit(), this::wake);
        this.fatal = fatal;
        this.nextZxid = engine.lastZxid() + 1;
        this.durableZxid = engine.lastZxid();
        long now = System.currentTimeMillis();
        this.sessions = new Sessions(this, config, new SessionTracker(config.tickTimeMs()), passwords, now);
        this.cleaner = new Cleaner(this, config.containerCheckIntervalMs(), now);
    }

    /**
     * Ensemble mode: no engine of its own; the tree is the ZAB runtime's, which this agent shares a
     * thread with (run it as the runtime's co-agent). It serves clients only while the runtime is
     * established in broadcast ({@link EnsembleSupport}).
     */
    public StateMachine(PipelineConfig config, Replication replication, io.zabd.server.client.ConfigNode configNode,
            io.zabd.server.session.SessionPasswords passwords, AuditLog audit, Consumer<Throwable> fatal) {
        this.configNode = java.util.Objects.requireNonNull(configNode, "configNode");
        this.audit = audit;
        this.config = config;
        this.engine = null;
        this.replication = replication;
        this.passwords = passwords;
        this.inbound = new ManyToOneConcurrentArrayQueue<>(config.inboundQueueCapacity());
        this.sink = new PipelineSink(inbound, config.globalOutstandingLimit(), this::wake);
        this.fatal = fatal;
        this.ensemble = new EnsembleSupport(this);
    }

    TxnPrep newPrep(DataTree t) {
        return new TxnPrep(t, new PrepConfig(config.extendedTypesEnabled(), false, true, Set.of()));
    }

    /** Ensemble: (re)binds to the runtime's tree with fresh prep, sessions and cleaner. */
    void bindTo(DataTree t, long nowMs) {
        this.tree = t;
        this.prep = newPrep(t);
        this.sessions = new Sessions(this, config, new SessionTracker(config.tickTimeMs()), passwords, nowMs);
        this.cleaner = new Cleaner(this, config.containerCheckIntervalMs(), nowMs);
    }

    TxnPrep prep() {
        return prep;
    }

    Sessions sessions() {
        return sessions;
    }

    Cleaner cleaner() {
        return cleaner;
    }

    ArrayDeque<InFlight> inFlight() {
        return inFlight;
    }

    PipelineConfig config() {
        return config;
    }

    OpHandlers handlers() {
        return handlers;
    }

    /** Ensemble: the committed-transaction hook (runtime thread). */
    public io.zabd.server.quorum.QuorumListener quorumListener() {
        return ensemble;
    }

    /** Starts group commit; call once before the agent runs. */
    public void startLog() {
        Invariants.check(engine != null, "standalone mode has an engine");
        this.log = engine.startLog(this);
    }

    /** The sink the client transport hands its traffic to. */
    public RequestSink requestSink() {
        return sink;
    }

    // ------------------------------------------------------------------ threads

    @Override
    public void onStart() {
        agentThread = Thread.currentThread();
    }

    private void wake() {
        Thread t = agentThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void onDurable(long zxid) {
        durableZxid = zxid;
        wake();
    }

    @Override
    public void onFailure(IOException cause) {
        logFailure = cause;
        wake();
    }

    @Override
    public String roleName() {
        return "zabd-state-machine";
    }

    /**
     * Runs {@code query} on the agent thread, where the tree, sessions, watches and connections may be
     * read, and completes with its result: how four-letter words and metrics see the server. Any thread.
     */
    public <T> CompletableFuture<T> query(java.util.function.Function<StateView, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sink.submitTask(() -> {
            try {
                result.complete(query.apply(view));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Stops accepting requests and completes once every accepted request has been answered and
     * flushed (shutdown). Any thread.
     */
    public CompletableFuture<Void> drain() {
        sink.stopAccepting();
        drainRequested = true;
        wake();
        return drained;
    }

    @Override
    public int doWork() {
        if (failed) {
            return 0;
        }
        if (logFailure != null) {
            fail("Transaction log failed; no more writes can be made durable", logFailure);
            return 0;
        }
        try {
            return dutyCycle();
        } catch (RuntimeException e) {
            // a broken invariant or a failed snapshot store: the agent's state can no longer be trusted
            fail("State machine failed", e);
            return 0;
        }
    }

    private int dutyCycle() {
        long nowMs = System.currentTimeMillis();
        if (ensemble != null) {
            int work = ensemble.beforeInbound(nowMs);
            work += drainInbound(nowMs);
            work += ensemble.afterInbound(nowMs);
            flushWritten();
            sink.publishFinished();
            if (drainRequested && inbound.isEmpty() && inFlight.isEmpty()) {
                drained.complete(null);
            }
            return work;
        }
        int work = drainInbound(nowMs);
        work += offerUnoffered();
        work += applyDurable();
        work += sessions.expire(nowMs);
        work += cleaner.maybeRun(nowMs);
        flushWritten();
        sink.publishFinished();
        if (drainRequested && inbound.isEmpty() && inFlight.isEmpty() && unoffered.isEmpty()) {
            drained.complete(null);
        }
        return work;
    }

    private void fail(String what, Throwable cause) {
        failed = true;
        LOG.error("{}; the server stops serving and closes every connection", what, cause);
        for (Cnxn c : cnxns.values()) {
            c.close();
        }
        drained.complete(null);
        fatal.accept(cause);
    }

    private int drainInbound(long nowMs) {
        int n = 0;
        Inbound item;
        while (n < config.drainBatchMax() && (item = inbound.poll()) != null) {
            n++;
            if (item instanceof Inbound.Req r) {
                onRequest(cnxns.get(r.connection()), r.header(), r.body(), nowMs, r.receivedNs());
            } else if (item instanceof Inbound.Connect c) {
                Cnxn cnxn = new Cnxn(c.connection());
                cnxns.put(c.connection(), cnxn);
                if (ensemble != null && !ensemble.bound()) {
                    cnxn.close(); // not serving (election, sync): the client tries another server
                } else {
                    sessions.onConnect(cnxn, c.request(), nowMs);
                }
            } else if (item instanceof Inbound.Disconnect d) {
                onDisconnect(cnxns.remove(d.connection()));
            } else if (item instanceof Inbound.Task t) {
                t.task().run();
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ requests

    private void onRequest(Cnxn cnxn, RequestHeader header, Request body, long nowMs, long receivedNs) {
        if (cnxn == null || cnxn.closed()) {
            sink.finished(1);
            return;
        }
        if (ensemble != null && !ensemble.bound()) {
            cnxn.close();
            sink.finished(1);
            return;
        }
        sessions.touch(cnxn, nowMs);
        cnxn.countReceived(header.xid());
        int op = header.type();
        if (op == OpCode.AUTH) {
            sessions.onAuth(cnxn, header, (Request.Auth) body);
            return;
        }
        if (op == OpCode.CLOSE_SESSION) {
            sessions.onCloseSession(cnxn, header);
            return;
        }
        if (op == OpCode.CHECK) {
            // ZooKeeper accepts check only inside a multi: UNIMPLEMENTED (zxid -1), then the connection closes
            cnxn.fifo().add(new Deferred.Answer(new ReplyHeader(header.xid(), -1, KeeperCode.UNIMPLEMENTED),
                    Response.Empty.INSTANCE, true));
            drainFifo(cnxn);
            return;
        }
        WriteHandler write = handlers.write(op);
        if (write != null) {
            WriteRequest request;
            try {
                request = write.toWriteRequest(body);
            } catch (IllegalArgumentException e) {
                LOG.warn("Closing {}: {}", cnxn, e.getMessage());
                cnxn.close();
                sink.finished(1);
                return;
            }
            if (ensemble != null) {
                ensemble.submit(request, body, op, cnxn.caller(header.xid()), InFlight.Kind.CLIENT_WRITE, cnxn,
                        header.xid(), write, receivedNs);
            } else {
                submit(request, cnxn.caller(header.xid()), InFlight.Kind.CLIENT_WRITE, cnxn, header.xid(), write, receivedNs);
            }
            return;
        }
        if (op == OpCode.SYNC && ensemble != null && !ensemble.leading()) {
            ensemble.forwardSync(cnxn, header, body, receivedNs);
            return;
        }
        if (cnxn.fifo().isEmpty() && cnxn.established()) {
            runRead(cnxn, header, body, receivedNs);
        } else {
            cnxn.fifo().add(new Deferred.Read(header, body, receivedNs));
        }
    }

    /** Prepares a write, logs it and remembers who to answer once it is applied. */
    void submit(WriteRequest request, Caller caller, InFlight.Kind kind, Cnxn cnxn, int xid, WriteHandler handler,
            long receivedNs) {
        if (ensemble != null) {
            ensemble.submit(request, null, request.opCode(), caller, kind, cnxn, xid, handler, receivedNs);
            return;
        }
        long zxid = nextZxid++;
        PrepResult result = prep.prep(request, caller, zxid, System.currentTimeMillis());
        Invariants.check(result.txn().header().zxid() == zxid, "prep kept zxid %s", zxid);
        inFlight.add(new InFlight(result.txn(), kind, cnxn, xid, handler, request.opCode(), receivedNs));
        if (cnxn != null) {
            cnxn.fifo().add(zxid);
        }
        if (!unoffered.isEmpty() || !log.offer(result.txn())) {
            unoffered.add(result.txn());
        }
    }

    private int offerUnoffered() {
        int n = 0;
        while (!unoffered.isEmpty() && log.offer(unoffered.peek())) {
            unoffered.poll();
            n++;
        }
        return n;
    }

    void runRead(Cnxn cnxn, RequestHeader header, Request body, long receivedNs) {
        ReadHandler handler = handlers.read(header.type());
        Reply reply = handler == null ? Reply.error(KeeperCode.UNIMPLEMENTED) : handler.read(this, cnxn, body);
        send(cnxn, new ReplyHeader(header.xid(), tree().lastProcessedZxid(), reply.err()), reply);
        replied(cnxn, header.type(), receivedNs);
        sink.finished(1);
    }

    /** Runs what waits at the head of the connection's FIFO, up to its next pending write. */
    void drainFifo(Cnxn cnxn) {
        ArrayDeque<Object> fifo = cnxn.fifo();
        while (!fifo.isEmpty() && !(fifo.peek() instanceof Long)) {
            Object head = fifo.poll();
            if (cnxn.closed()) {
                sink.finished(1);
            } else if (head instanceof Deferred.Read r) {
                runRead(cnxn, r.header(), r.body(), r.receivedNs());
            } else if (head instanceof Deferred.Answer a) {
                sendRaw(cnxn, a.header(), a.body());
                sink.finished(1);
                if (a.closeAfter()) {
                    flushWritten();
                    cnxn.close();
                }
            }
        }
    }

    private void onDisconnect(Cnxn cnxn) {
        if (cnxn == null) {
            return;
        }
        watches.removeWatcher(cnxn);
        int dropped = 0;
        for (Object o : cnxn.fifo()) {
            if (!(o instanceof Long)) {
                dropped++;
            }
        }
        cnxn.fifo().removeIf(o -> !(o instanceof Long));
        sink.finished(dropped);
        cnxn.close();
        written.remove(cnxn);
        if (sessions != null) {
            sessions.onDisconnect(cnxn);
        }
    }

    // ------------------------------------------------------------------ apply

    private int applyDurable() {
        long durable = durableZxid;
        int n = 0;
        while (!inFlight.isEmpty() && inFlight.peek().zxid() <= durable) {
            InFlight f = inFlight.poll();
            Map<String, List<Acl>> deletedAcls = watches.isEmpty() ? Map.of() : aclsOfDeletes(f.txn().body());
            ApplyResult result = engine.apply(f.txn());
            prep.applied(f.zxid());
            fireWatches(result, deletedAcls);
            complete(f, result);
            n++;
        }
        return n;
    }

    /** Hands the committed operation to the audit stream (never blocks; a full queue drops and counts). */
    private void audit(InFlight f, ApplyResult result) {
        Cnxn cnxn = f.cnxn();
        String client = null;
        List<String> ids = List.of();
        if (cnxn != null) {
            java.net.InetSocketAddress a = cnxn.connection().remoteAddress();
            client = a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort();
            ids = new java.util.ArrayList<>();
            for (io.zabd.engine.tree.prep.AuthId id : cnxn.authInfo()) {
                ids.add(id.scheme() + ":" + id.id());
            }
        }
        audit.offer(new AuditEvent(f.zxid(), f.txn().header().timeMs(), f.txn().header().sessionId(), client, ids,
                f.op(), result.path(), result.err()));
    }

    void complete(InFlight f, ApplyResult result) {
        if (audit != null && f.kind() != InFlight.Kind.FORWARDED) {
            audit(f, result); // in an ensemble, by the member that answers (the leader for expiry and cleanup)
        }
        Cnxn cnxn = f.cnxn();
        switch (f.kind()) {
            case CLIENT_WRITE -> {
                Reply reply = f.handler().reply(result);
                popMarker(cnxn, f.zxid());
                send(cnxn, new ReplyHeader(f.xid(), tree().lastProcessedZxid(), reply.err()), reply);
                replied(cnxn, f.op(), f.receivedNs());
                sink.finished(1);
                drainFifo(cnxn);
            }
            case CREATE_SESSION -> {
                popMarker(cnxn, f.zxid());
                sessions.onSessionCreated(cnxn, result);
                drainFifo(cnxn);
            }
            case CLOSE_SESSION -> {
                popMarker(cnxn, f.zxid());
                send(cnxn, new ReplyHeader(f.xid(), tree().lastProcessedZxid(), result.err()), Reply.ok(Response.Empty.INSTANCE));
                sink.finished(1);
                sessions.onSessionClosed(f.txn().header().sessionId());
                drainFifo(cnxn); // requests sent after closeSession are dropped with the connection
            }
            case EXPIRE_SESSION -> sessions.onSessionClosed(f.txn().header().sessionId());
            case CLEANUP -> cleaner.onApplied(result);
            case FORWARDED -> ensemble.onForwardedApplied(f.txn(), result);
            default -> throw new IllegalStateException("unknown kind " + f.kind());
        }
    }

    private static void popMarker(Cnxn cnxn, long zxid) {
        Object head = cnxn.fifo().poll();
        if (!(head instanceof Long l && (l == zxid || l == EnsembleSupport.FORWARDED_MARKER))) {
            // formatted only when broken: this runs once per write
            Invariants.check(false, "FIFO head of %s is the write %s being answered", cnxn, Long.toHexString(zxid));
        }
    }

    /**
     * The ACLs of the nodes a txn deletes, read before it is applied: ZooKeeper checks a watcher's
     * READ permission against the deleted node's ACL before telling it NodeDeleted.
     */
    Map<String, List<Acl>> aclsOfDeletes(TxnBody body) {
        Map<String, List<Acl>> out = new HashMap<>();
        collectDeletes(body, out);
        return out;
    }

    private void collectDeletes(TxnBody body, Map<String, List<Acl>> out) {
        if (body instanceof TxnBody.Delete d) {
            putAcl(d.path(), out);
        } else if (body instanceof TxnBody.CloseSession c && c.paths2Delete() != null) {
            for (String path : c.paths2Delete()) {
                putAcl(path, out);
            }
        } else if (body instanceof TxnBody.Multi m) {
            for (TxnBody.Sub sub : m.txns()) {
                collectDeletes(sub.body(), out);
            }
        }
    }

    private void putAcl(String path, Map<String, List<Acl>> out) {
        NodeRecord node = tree.nodeRecord(path);
        if (node != null && !out.containsKey(path)) {
            out.put(path, node.acl());
        }
    }

    void fireWatches(ApplyResult result, Map<String, List<Acl>> deletedAcls) {
        List<WatchTrigger> triggers = result.triggers();
        if (triggers == null || watches.isEmpty()) {
            return; // nothing to fire: no per-trigger set is made
        }
        for (WatchTrigger t : triggers) {
            Set<Cnxn> fired = watches.fire(t);
            if (fired.isEmpty()) {
                continue;
            }
            NodeRecord node = tree.nodeRecord(t.path());
            List<Acl> acl = node != null ? node.acl() : deletedAcls.get(t.path());
            WatcherEvent event = new WatcherEvent(t.eventType(), WatcherEvent.STATE_SYNC_CONNECTED, t.path());
            for (Cnxn c : fired) {
                if (acl == null || permitted(acl, Acl.READ, c)) {
                    notify(c, result.zxid(), event);
                }
            }
        }
    }

    // ------------------------------------------------------------------ output

    void send(Cnxn cnxn, ReplyHeader header, Reply reply) {
        sendRaw(cnxn, header, reply.err() == KeeperCode.OK ? reply.body() : Response.Empty.INSTANCE);
    }

    void sendRaw(Cnxn cnxn, ReplyHeader header, Response body) {
        if (cnxn == null || cnxn.closed()) {
            return;
        }
        cnxn.connection().sendReply(header, body);
        cnxn.countSent(header.zxid());
        packetsSent++;
        if (cnxn.markWritten()) {
            written.add(cnxn);
        }
    }

    /** Records a request's latency server-wide and on its connection (stat, mntr, cons). */
    private void replied(Cnxn cnxn, int op, long receivedNs) {
        long nowNs = System.nanoTime();
        latency.record(nowNs - receivedNs);
        cnxn.replied(op, (nowNs - receivedNs) / 1_000_000, nowNs / 1_000_000);
    }

    void flushWritten() {
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flushIfNeeded();
        }
        written.clear();
    }

    @Override
    public void notify(Cnxn cnxn, long zxid, WatcherEvent event) {
        if (cnxn.closed()) {
            return;
        }
        cnxn.connection().sendNotification(zxid, event);
        if (cnxn.markWritten()) {
            written.add(cnxn);
        }
    }

    // ------------------------------------------------------------------ ServerContext

    @Override
    public DataTree tree() {
        return tree != null || replication == null ? tree : replication.tree();
    }

    @Override
    public io.zabd.server.client.ConfigNode configNode() {
        return configNode;
    }

    @Override
    public WatchManager<Cnxn> watches() {
        return watches;
    }

    @Override
    public long lastProcessedZxid() {
        return tree().lastProcessedZxid();
    }

    @Override
    public boolean permitted(List<Acl> acl, int perm, Cnxn cnxn) {
        return Permissions.permitted(acl, perm, cnxn.caller(0));
    }

    // ------------------------------------------------------------------ for Sessions and Cleaner

    PipelineSink sink() {
        return sink;
    }

    Map<ClientConnection, Cnxn> cnxns() {
        return cnxns;
    }

    /** Open connections per session id, for 4lw and tests. */
    Map<Long, Integer> connectionCountBySession() {
        Map<Long, Integer> out = new HashMap<>();
        for (Cnxn c : cnxns.values()) {
            out.merge(c.sessionId(), 1, Integer::sum);
        }
        return out;
    }

    long packetsSent() {
        return packetsSent;
    }

    void resetPacketsSent() {
        packetsSent = 0;
        latency.reset();
    }

    Latency latency() {
        return latency;
    }

    Sessions sessionsForView() {
        return sessions;
    }

    /** Transactions prepared and not yet applied. */
    int inFlightCount() {
        return inFlight.size();
    }
}
