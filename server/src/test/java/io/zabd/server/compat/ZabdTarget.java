package io.zabd.server.compat;

import io.zabd.server.ZabdServer;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * zabd in-process: a {@link ZabdServer} from a zoo.cfg text with its data under the test's
 * directory, bound to a free loopback port, with ZooKeeperTarget's tick time so session timeouts
 * negotiate alike.
 */
final class ZabdTarget implements TargetServer {
    /** Small log segments: tests write little and start many servers. */
    static final int PRE_ALLOC_SIZE_KB = 1024;

    private final ZabdServer server;

    private ZabdTarget(ZabdServer server) {
        this.server = server;
    }

    static TargetServer start(Path dataDir, TargetOptions options) throws Exception {
        return new ZabdTarget(ZabdServer.start(config(dataDir, options, 0)));
    }

    /** Where a zabd target under {@code dir} keeps its data (zoo.cfg dataDir). */
    static Path dataDir(Path dir) {
        return dir.resolve("zabd-data").toAbsolutePath();
    }

    /** The zoo.cfg a zabd target runs with. */
    static String configText(Path dataDir, TargetOptions options, int port) {
        return configText(dataDir, options, port, PRE_ALLOC_SIZE_KB);
    }

    /** As {@link #configText(Path, TargetOptions, int)} with log segments of {@code preAllocSizeKb}. */
    static String configText(Path dataDir, TargetOptions options, int port, int preAllocSizeKb) {
        return "tickTime=" + ZooKeeperTarget.TICK_TIME_MS + "\n"
                + "dataDir=" + dataDir(dataDir) + "\n"
                + "clientPort=" + port + "\n"
                + "clientPortAddress=127.0.0.1\n"
                + "maxClientCnxns=1000\n"
                + "preAllocSize=" + preAllocSizeKb + "\n"
                + "extendedTypesEnabled=" + options.extendedTypesEnabled() + "\n"
                + "znode.container.checkIntervalMs=" + options.containerCheckIntervalMs() + "\n"
                + "superDigest=" + Clients.SUPER_DIGEST + "\n"
                + (options.allFourLetterWords() ? "4lw.commands.whitelist=*\n" : "");
    }

    /** The config with {@code port}; 0 binds a free port (zoo.cfg itself does not allow 0). */
    static ServerConfig config(Path dataDir, TargetOptions options, int port) throws Exception {
        ServerConfig c = ZooCfgParser.parseText(configText(dataDir, options, port == 0 ? 2181 : port));
        return port != 0 ? c : new ServerConfig(c.tickTimeMs(), c.dataDir(), c.dataLogDir(),
                new InetSocketAddress(c.clientAddress().getAddress(), 0), c.maxClientCnxns(), c.maxCnxns(),
                c.minSessionTimeoutMs(), c.maxSessionTimeoutMs(), c.globalOutstandingLimit(), c.preAllocSizeKb(),
                c.snapCount(), c.snapSizeLimitKb(), c.autopurgeSnapRetainCount(), c.autopurgePurgeIntervalHours(),
                c.forceSync(), c.juteMaxBufferBytes(), c.fourLetterWhitelist(), c.extendedTypesEnabled(),
                c.containerCheckIntervalMs(), c.superDigest(), c.auditEnabled(), c.initLimitTicks(), c.syncLimitTicks(),
                c.servers(), c.myid(), c.unknownKeys());
    }

    @Override
    public String name() {
        return "zabd";
    }

    @Override
    public InetSocketAddress clientAddress() {
        return server.clientAddress();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return name();
    }
}
