package io.zabd.server.config;

import io.zabd.server.ZabdServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code zabd-server.jar}:
 *
 * <pre>
 * java -jar zabd-server.jar                      standalone, dataDir ./zabd-data, clientPort 2181, tickTime 2000
 * java -jar zabd-server.jar --config zoo.cfg     settings from a zoo.cfg (server.N entries and myid: an ensemble member)
 * java -jar zabd-server.jar cluster --nodes 3    a local ensemble in child processes (see {@link ClusterLauncher})
 * </pre>
 *
 * Prints the bound client address once serving. An invalid configuration prints a message naming
 * the key and exits with status 2; a failure to start or a storage failure while running exits with
 * status 1. SIGTERM (the shutdown hook) shuts down cleanly: accepted requests are answered once
 * durable, the log and snapshot store are closed.
 */
public final class Main {
    /** The settings used when no zoo.cfg is given (ZooKeeper's sample configuration). */
    static final String DEFAULT_CONFIG = "tickTime=2000\ndataDir=./zabd-data\nclientPort=2181\n";
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs until the process is told to stop; returns the exit status when it cannot start. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && "cluster".equals(args[0])) {
            return ClusterLauncher.run(args, out, err);
        }
        ServerConfig config;
        try {
            config = configFrom(args);
        } catch (ConfigException e) {
            err.println("zabd server: invalid configuration: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            err.println("zabd server: " + e.getMessage());
            err.println("usage: zabd-server [--config zoo.cfg] | cluster [--nodes 3] [--dir ./zabd-data] [--port-offset 0]");
            return EXIT_USAGE;
        }
        ZabdServer server;
        try {
            server = ZabdServer.start(config);
        } catch (Exception e) {
            err.println("zabd server: failed to start: " + e);
            return EXIT_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "zabd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("zabd server listening on " + server.clientAddress().getHostString() + ":"
                + server.clientAddress().getPort());
        out.flush();
        Throwable cause = server.fatal().join();
        err.println("zabd server: stopping after a fatal error: " + cause);
        System.exit(EXIT_FAILURE);
        return EXIT_FAILURE;
    }

    static ServerConfig configFrom(String[] args) throws ConfigException {
        if (args.length == 0) {
            return ZooCfgParser.parseText(DEFAULT_CONFIG);
        }
        if (args.length == 2 && "--config".equals(args[0])) {
            return ZooCfgParser.parse(Path.of(args[1]));
        }
        if (args.length == 1 && !args[0].startsWith("-")) {
            return ZooCfgParser.parse(Path.of(args[0]));
        }
        throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args));
    }
}
