package io.zabd.server;

import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.admin.FourLetterCommands;
import io.zabd.server.admin.audit.AuditConfig;
import io.zabd.server.admin.audit.AuditLog;
import io.zabd.server.net.ClientTransport;
import io.zabd.server.net.FourLetterHandler;
import io.zabd.server.net.TransportConfig;
import io.zabd.server.pipeline.PipelineConfig;
import io.zabd.server.pipeline.StateMachine;
import io.zabd.server.session.SessionPasswords;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone zabd server, wired: the engine (recovered tree, group-commit log, snapshots), the
 * state-machine agent that owns the tree, and the client transport. Three kinds of threads: Netty
 * I/O (decode, enqueue, write), the state-machine agent, the log writer (plus the engine's snapshot
 * writer). See src/docs/decisions/0002-state-machine-thread.md.
 */
public final class ZabdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZabdServer.class);
    /** How long close() waits for accepted requests to be answered. */
    static final long DRAIN_TIMEOUT_MS = 10_000;
    /**
     * Idle state-machine agent: a few spins, then one park of {@code idleMaxParkNs}; every producer
     * (I/O threads, the log writer, tasks) unparks it. No yields or short timed parks: each is a
     * syscall, and on 2 cores they cost more than they save (decision 0005).
     */
    private static final long IDLE_SPINS = 20;

    private final ServerConfig config;
    private final Engine engine;
    private final StateMachine machine;
    private final AgentRunner runner;
    /** Ensemble mode: the ZAB runtime whose thread also runs the state machine; null when standalone. */
    private final io.zabd.server.quorum.QuorumPeerRuntime runtime;
    private final ClientTransport transport;
    private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    private final FourLetterHandler fourLetterHandler;
    private AuditLog audit;
    private volatile InetSocketAddress address;
    private boolean closed;

    private ZabdServer(ServerConfig config, java.util.function.Function<ZabdServer, FourLetterHandler> fourLetterWords,
            io.zabd.server.quorum.QuorumRuntimeConfig quorumConfig)
            throws IOException, InterruptedException {
        this.config = config;
        PipelineConfig pipeline = PipelineConfig.from(config);
        if (config.isQuorum()) {
            this.engine = null;
            this.runner = null;
            var replication = new io.zabd.server.quorum.RuntimeReplication();
            this.audit = AuditConfig.from(config).map(AuditLog::start).orElse(null);
            var configNode = new io.zabd.server.client.ConfigNode(io.zabd.server.config.QuorumConfigText.of(config.servers(),
                    io.zabd.server.config.QuorumConfigText.STATIC_VERSION).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    io.zabd.server.config.QuorumConfigText.STATIC_VERSION, System.currentTimeMillis());
            this.machine = new StateMachine(pipeline, replication, configNode,
                    SessionPasswords.derived(ensembleMaterial(config)), audit, fatal::complete);
            io.zabd.server.quorum.QuorumPeerRuntime rt = null;
            try {
                rt = io.zabd.server.quorum.QuorumPeerRuntime.start(config, quorumConfig,
                        io.zabd.server.quorum.PeerTransport.Limits.defaults(config.juteMaxBufferBytes()),
                        new FatalForwarding(machine.quorumListener(), fatal), machine);
                replication.attach(rt);
                this.fourLetterHandler = fourLetterWords.apply(this);
                this.transport = new ClientTransport(TransportConfig.from(config), machine.requestSink(), fourLetterHandler);
                this.address = transport.start();
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (rt != null) {
                    rt.close();
                }
                if (audit != null) {
                    audit.close();
                }
                throw e;
            }
            this.runtime = rt;
            return;
        }
        this.runtime = null;
        this.engine = Open.engine(config);
        try {
            this.audit = AuditConfig.from(config).map(AuditLog::start).orElse(null);
            this.machine = new StateMachine(pipeline, engine, SessionPasswords.open(config.dataDir()), audit,
                    fatal::complete);
            machine.startLog();
            BackoffIdleStrategy idle = new BackoffIdleStrategy(IDLE_SPINS, 0, pipeline.idleMaxParkNs(),
                    pipeline.idleMaxParkNs());
            this.runner = new AgentRunner(idle, this::onAgentError, null, machine);
            AgentRunner.startOnThread(runner);
            this.fourLetterHandler = fourLetterWords.apply(this);
            this.transport = new ClientTransport(TransportConfig.from(config), machine.requestSink(), fourLetterHandler);
            this.address = transport.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            engine.close();
            throw e;
        }
    }

    /**
     * Opens the data directories (recovering), starts the pipeline and binds the client port, with
     * the four-letter words of {@link FourLetterCommands}.
     */
    public static ZabdServer start(ServerConfig config) throws IOException, InterruptedException {
        return start(config, server -> new FourLetterCommands(new CoreServerState(server), config,
                () -> server.address == null ? config.clientAddress().getPort() : server.address.getPort()));
    }

    /** As {@link #start(ServerConfig)} with the four-letter-word handler made for the server. */
    public static ZabdServer start(ServerConfig config, java.util.function.Function<ZabdServer, FourLetterHandler> fourLetterWords)
            throws IOException, InterruptedException {
        return start(config, fourLetterWords, io.zabd.server.quorum.QuorumRuntimeConfig.defaults());
    }

    /** As {@link #start(ServerConfig)} with the ZAB runtime's own limits (ensemble mode; tests). */
    public static ZabdServer start(ServerConfig config, io.zabd.server.quorum.QuorumRuntimeConfig quorumConfig)
            throws IOException, InterruptedException {
        return start(config, server -> new FourLetterCommands(new CoreServerState(server), config,
                () -> server.address == null ? config.clientAddress().getPort() : server.address.getPort()), quorumConfig);
    }

    private static ZabdServer start(ServerConfig config, java.util.function.Function<ZabdServer, FourLetterHandler> fourLetterWords,
            io.zabd.server.quorum.QuorumRuntimeConfig quorumConfig) throws IOException, InterruptedException {
        ZabdServer server = new ZabdServer(config, fourLetterWords, quorumConfig);
        LOG.info("zabd {} server serving clients on {} (dataDir {}, dataLogDir {})",
                config.isQuorum() ? "ensemble member " + config.myid() : "standalone", server.address,
                config.dataDir(), config.dataLogDir());
        return server;
    }

    /**
     * The engine's settings from zoo.cfg. A log segment must hold at least a few of the largest
     * records (jute.maxbuffer plus headers), so preAllocSize is raised to that when smaller.
     */
    static EngineConfig engineConfig(ServerConfig c) {
        EngineConfig d = EngineConfig.defaults(c.dataDir(), c.dataLogDir());
        int txnBytesMax = Math.max(d.txnBytesMax(), c.juteMaxBufferBytes() + 1024);
        long segmentBytes = c.logSegmentBytes(txnBytesMax);
        return new EngineConfig(c.dataDir(), c.dataLogDir(), c.extendedTypesEnabled(), c.forceSync(),
                segmentBytes, c.snapCount(), c.snapSizeLimitKb() > 0 ? c.snapSizeLimitKb() * 1024 : 0,
                Math.max(c.autopurgeSnapRetainCount(), 3), System.nanoTime(), txnBytesMax);
    }

    /** Passes the runtime's callbacks to the state machine; a storage failure stops the server. */
    private record FatalForwarding(io.zabd.server.quorum.QuorumListener inner, CompletableFuture<Throwable> fatal)
            implements io.zabd.server.quorum.QuorumListener {
        @Override
        public void onCommitted(io.zabd.engine.txn.Txn txn, io.zabd.engine.tree.ApplyResult result) {
            inner.onCommitted(txn, result);
        }

        @Override
        public void beforeCommitted(io.zabd.engine.txn.Txn txn) {
            inner.beforeCommitted(txn);
        }

        @Override
        public boolean onForwarded(long from, byte[] request) {
            return inner.onForwarded(from, request);
        }

        @Override
        public void onSyncReply(byte[] payload) {
            inner.onSyncReply(payload);
        }

        @Override
        public void onStatusChange(io.zabd.server.quorum.RuntimeStatus status) {
            inner.onStatusChange(status);
        }

        @Override
        public void onFatal(Throwable cause) {
            fatal.complete(cause);
        }
    }

    /** What every member's configuration shares: ids with their quorum and election addresses. */
    static String ensembleMaterial(ServerConfig c) {
        StringBuilder b = new StringBuilder();
        for (io.zabd.server.config.QuorumServer s : new java.util.TreeMap<>(c.servers()).values()) {
            b.append(s.id()).append('=').append(s.quorumAddress().getHostString()).append(':')
                    .append(s.quorumAddress().getPort()).append(':').append(s.electionAddress().getPort())
                    .append(s.observer() ? ":observer" : "").append(';');
        }
        return b.toString();
    }

    /** Engine opening (standalone). */
    private static final class Open {
        static Engine engine(ServerConfig c) throws IOException {
            return Engine.open(engineConfig(c));
        }
    }

    /** The ZAB runtime's status (ensemble mode), or null when standalone. */
    public io.zabd.server.quorum.RuntimeStatus quorumStatus() {
        return runtime == null ? null : runtime.status();
    }

    /** srvr/stat/mntr mode: standalone, or the peer's role in the ensemble. */
    public io.zabd.server.admin.ServerMode mode() {
        io.zabd.server.quorum.RuntimeStatus s = quorumStatus();
        if (s == null) {
            return io.zabd.server.admin.ServerMode.STANDALONE;
        }
        return switch (s.state()) {
            case LEADING -> io.zabd.server.admin.ServerMode.LEADER;
            case OBSERVING -> io.zabd.server.admin.ServerMode.OBSERVER;
            default -> io.zabd.server.admin.ServerMode.FOLLOWER;
        };
    }

    private void onAgentError(Throwable t) {
        LOG.error("State-machine agent failed; the server stops serving", t);
        fatal.complete(t);
    }

    /** The bound client address (the real port when configured with 0). */
    public InetSocketAddress clientAddress() {
        return address;
    }

    /** Runs {@code query} on the state-machine thread (for four-letter words, metrics, tests). */
    public <T> CompletableFuture<T> query(java.util.function.Function<io.zabd.server.pipeline.StateView, T> query) {
        return machine.query(query);
    }

    public ServerConfig config() {
        return config;
    }

    /** Completes with the cause if storage or the agent fails: the server can no longer serve. */
    public CompletableFuture<Throwable> fatal() {
        return fatal;
    }

    /**
     * Clean shutdown: stop taking requests, answer every accepted one once durable (flushed), then
     * close the client port, stop the agent, and close the engine (log forced, last snapshot written).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            machine.drain().get(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Not every accepted request was answered before shutdown: {}", e.toString());
        }
        transport.close();
        if (fourLetterHandler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the four-letter-word handler failed", e);
            }
        }
        if (runner != null) {
            runner.close();
        }
        if (runtime != null) {
            runtime.close(); // stops the shared thread, closes the peer transport and ZAB storage
        }
        if (audit != null) {
            audit.close();
        }
        try {
            if (engine != null) {
                engine.close();
            }
        } catch (IOException e) {
            LOG.error("Closing the engine failed", e);
        }
        LOG.info("zabd server on {} shut down", address);
    }
}
