package io.zabd.server.compat;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.command.FourLetterCommands;

/**
 * Apache ZooKeeper 3.9.5 in-process (ServerCnxnFactory + ZooKeeperServer from the test-scope jar) on
 * a free loopback port. ZooKeeper reads some settings from system properties only; they are set for
 * the life of this target and restored on close, so tests in one JVM do not leak them into each other.
 */
final class ZooKeeperTarget implements TargetServer {
    static final int TICK_TIME_MS = 2000;
    private static final int MAX_CLIENT_CNXNS = 1000;
    private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";
    private static final String WHITELIST = "zookeeper.4lw.commands.whitelist";

    private final Map<String, String> savedProperties = new HashMap<>();
    private ZooKeeperServer server;
    private ServerCnxnFactory factory;
    private InetSocketAddress address;

    static {
        // ZooKeeper reads its super digest once, into a static final, when the digest provider
        // loads: set it before any ZooKeeper server of this JVM starts, for the life of the JVM.
        System.setProperty("zookeeper.DigestAuthenticationProvider.superDigest", Clients.SUPER_DIGEST);
    }

    private ZooKeeperTarget() {}

    static TargetServer start(Path dataDir, TargetOptions options) throws Exception {
        ZooKeeperTarget target = new ZooKeeperTarget();
        try {
            target.startServer(dataDir, options);
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
        return target;
    }

    private void startServer(Path dataDir, TargetOptions options) throws Exception {
        if (options.extendedTypesEnabled()) {
            setScoped(EXTENDED_TYPES, "true");
        }
        setScoped(WHITELIST, options.allFourLetterWords() ? "*" : null);
        FourLetterCommands.resetWhiteList();
        File snapDir = dataDir.resolve("zk-data").toFile();
        File logDir = dataDir.resolve("zk-log").toFile();
        server = new ZooKeeperServer(snapDir, logDir, TICK_TIME_MS);
        factory = ServerCnxnFactory.createFactory();
        factory.configure(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CLIENT_CNXNS);
        factory.startup(server);
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), factory.getLocalPort());
    }

    /** Sets (or clears, for null) a system property ZooKeeper reads, remembering the old value. */
    private void setScoped(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Override
    public String name() {
        return "zookeeper-3.9.5";
    }

    @Override
    public InetSocketAddress clientAddress() {
        return address;
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.shutdown();
            factory = null;
        }
        if (server != null) {
            server.shutdown(true);
            server = null;
        }
        for (Map.Entry<String, String> e : savedProperties.entrySet()) {
            if (e.getValue() == null) {
                System.clearProperty(e.getKey());
            } else {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        savedProperties.clear();
        FourLetterCommands.resetWhiteList();
    }

    @Override
    public String toString() {
        return name();
    }
}
