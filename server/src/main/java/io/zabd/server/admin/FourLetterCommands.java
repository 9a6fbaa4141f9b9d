package io.zabd.server.admin;

import io.zabd.server.config.QuorumServer;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.net.FourLetterHandler;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every four-letter word ZooKeeper 3.9.5 answers, with its output format: ruok, srvr, stat, mntr, conf,
 * cons, crst, srst, envi, wchs, wchc, wchp, dirs, isro, dump, gtmk and hash (stmk is not implemented:
 * it carries an 8-byte argument the transport does not read). The transport has already checked the
 * whitelist. Commands run on one admin thread behind a bounded queue, never on the Netty I/O thread.
 */
public final class FourLetterCommands implements FourLetterHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FourLetterCommands.class);
    /** Commands waiting for the admin thread; more are refused (the connection is closed). */
    public static final int COMMANDS_QUEUED_MAX = 64;
    /** How long a command waits, by default, for an owner thread to complete a {@link ServerState} stage. */
    public static final long OWNER_REPLY_TIMEOUT_MS = 5_000;
    /** ZooKeeper's default trace mask, which gtmk prints (zabd has no trace log). */
    public static final long DEFAULT_TRACE_MASK = 306;
    private static final int PEER_TYPE_PARTICIPANT = 0;
    private static final int PEER_TYPE_OBSERVER = 1;
    private static final int ELECTION_ALG_FAST_LEADER = 3;

    private final ServerState state;
    private final ServerConfig config;
    private final IntSupplier boundClientPort;
    private final long ownerReplyTimeoutMs;
    private final ThreadPoolExecutor executor;

    /**
     * @param boundClientPort the client port actually bound (differs from the configured one when it is 0)
     */
    public FourLetterCommands(ServerState state, ServerConfig config, IntSupplier boundClientPort) {
        this(state, config, boundClientPort, OWNER_REPLY_TIMEOUT_MS);
    }

    /**
     * @param ownerReplyTimeoutMs how long a command waits for an owner-thread stage before failing
     *                            (the connection is then closed without a reply)
     */
    public FourLetterCommands(ServerState state, ServerConfig config, IntSupplier boundClientPort,
            long ownerReplyTimeoutMs) {
        if (ownerReplyTimeoutMs <= 0) {
            throw new IllegalArgumentException("ownerReplyTimeoutMs must be positive: " + ownerReplyTimeoutMs);
        }
        this.state = state;
        this.config = config;
        this.boundClientPort = boundClientPort;
        this.ownerReplyTimeoutMs = ownerReplyTimeoutMs;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(COMMANDS_QUEUED_MAX), r -> {
                    Thread t = new Thread(r, "zabd-4lw");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public CompletionStage<String> execute(String command) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        try {
            executor.execute(() -> run(command).whenComplete((text, error) -> {
                if (error != null) {
                    reply.completeExceptionally(error);
                } else {
                    reply.complete(text);
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.warn("Four-letter word {} refused: {} commands already queued", command, COMMANDS_QUEUED_MAX);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** Runs on the admin thread. */
    private CompletionStage<String> run(String command) {
        switch (command) {
            case "ruok":
                return done("imok");
            case "envi":
                return done(FourLetterFormat.keyValues("Environment:", EnvironmentReport.entries(state.version())));
            case "isro":
                return done(!state.isServing() ? "null" : state.mode() == ServerMode.READ_ONLY ? "ro" : "rw");
            case "gtmk":
                return done(Long.toString(DEFAULT_TRACE_MASK));
            default:
                break;
        }
        if (!state.isServing()) {
            return done(command.equals("hash") ? FourLetterFormat.NOT_SERVING.strip() : FourLetterFormat.NOT_SERVING);
        }
        return runServing(command);
    }

    private CompletionStage<String> runServing(String command) {
        switch (command) {
            case "srvr":
            case "stat":
                return done(FourLetterFormat.stat(state.version(), state.mode(), state.stats(), state.connections(),
                        command.equals("stat"), state.proposalSizes()));
            case "mntr":
                return done(FourLetterFormat.mntr(MntrValues.assemble(state, EnvironmentReport.fileDescriptors())));
            case "conf":
                return done(FourLetterFormat.keyValues(null, conf()) + membership());
            case "cons":
                return done(FourLetterFormat.cons(state.connections()));
            case "crst":
                state.resetConnectionStats();
                return done("Connection stats reset.\n");
            case "srst":
                state.resetServerStats();
                return done("Server stats reset.\n");
            case "dirs":
                return done(FourLetterFormat.dirs(directoryBytes(config.dataDir()), directoryBytes(config.dataLogDir())));
            case "wchs":
                return owned(state.watches()).thenApply(FourLetterFormat::wchs);
            case "wchc":
                return owned(state.watches()).thenApply(FourLetterFormat::wchc);
            case "wchp":
                return owned(state.watches()).thenApply(FourLetterFormat::wchp);
            case "dump":
                return owned(state.sessions()).thenApply(FourLetterFormat::dump);
            case "hash":
                return done(FourLetterFormat.hash(state.digestLog()));
            default:
                return done(null);
        }
    }

    private static CompletionStage<String> done(String text) {
        return CompletableFuture.completedFuture(text);
    }

    private <T> CompletableFuture<T> owned(CompletionStage<T> stage) {
        return stage.toCompletableFuture().copy().orTimeout(ownerReplyTimeoutMs, TimeUnit.MILLISECONDS);
    }

    /** conf's keys in ZooKeeper's order; a quorum member adds its quorum settings. */
    List<Map.Entry<String, String>> conf() {
        List<Map.Entry<String, String>> c = new ArrayList<>();
        put(c, "clientPort", boundClientPort.getAsInt());
        put(c, "secureClientPort", -1);
        put(c, "dataDir", config.dataDir());
        put(c, "dataDirSize", directoryBytes(config.dataDir()));
        put(c, "dataLogDir", config.dataLogDir());
        put(c, "dataLogSize", directoryBytes(config.dataLogDir()));
        put(c, "tickTime", config.tickTimeMs());
        put(c, "maxClientCnxns", config.maxClientCnxns());
        put(c, "minSessionTimeout", config.minSessionTimeoutMs());
        put(c, "maxSessionTimeout", config.maxSessionTimeoutMs());
        put(c, "clientPortListenBacklog", -1);
        put(c, "serverId", config.myid());
        if (config.isQuorum()) {
            QuorumServer self = config.servers().get(config.myid());
            put(c, "initLimit", config.initLimitTicks());
            put(c, "syncLimit", config.syncLimitTicks());
            put(c, "electionAlg", ELECTION_ALG_FAST_LEADER);
            put(c, "electionPort", self == null ? -1 : self.electionAddress().getPort());
            put(c, "quorumPort", self == null ? -1 : self.quorumAddress().getPort());
            put(c, "peerType", self != null && self.observer() ? PEER_TYPE_OBSERVER : PEER_TYPE_PARTICIPANT);
        }
        return c;
    }

    /** A quorum member's "membership: " block: its server.N lines and the config version. */
    private String membership() {
        if (!config.isQuorum()) {
            return "";
        }
        StringBuilder b = new StringBuilder("membership: \n");
        config.servers().values().stream().sorted((x, y) -> Long.compare(x.id(), y.id())).forEach(s -> {
            b.append("server.").append(s.id()).append('=').append(s.quorumAddress().getHostString()).append(':')
                    .append(s.quorumAddress().getPort()).append(':').append(s.electionAddress().getPort()).append(':')
                    .append(s.observer() ? "observer" : "participant");
            if (s.clientAddress() != null) {
                b.append(';').append(s.clientAddress().getHostString()).append(':').append(s.clientAddress().getPort());
            }
            b.append('\n');
        });
        b.append("version=0\n");
        return b.toString();
    }

    private static void put(List<Map.Entry<String, String>> c, String key, Object value) {
        c.add(new SimpleImmutableEntry<>(key, String.valueOf(value)));
    }

    /** Bytes of the regular files under {@code dir}; files that vanish or cannot be read while walking are skipped. */
    static long directoryBytes(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot size {}: {}", dir, e.toString());
        }
        return total[0];
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
