package io.zabd.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A system of one or three members, each a child JVM started with a zoo.cfg of its own, on free loopback
 * ports. Both Apache ZooKeeper and zabd read the same zoo.cfg keys, so the configuration is common; a
 * subclass says how to launch a member. Layout under {@link ServerLaunch#workDir()}:
 * {@code <name>-<topology>-<random>/member<id>/{zoo.cfg, server.log, data/}}.
 *
 * <p>A member serves once the official client connects to it alone and reads {@code /}; a member that
 * exits before that fails the start at once, with the tail of its log.
 */
abstract class ChildProcessCluster implements SystemUnderTest {
    /** Lines of a failed member's log quoted in the start error. */
    static final int LOG_TAIL_LINES = 15;
    /** How often a starting member's liveness is looked at while waiting for it to serve. */
    static final long READY_POLL_MS = 200;
    /** How often a starting member's client port is tried. */
    static final long LISTEN_POLL_MS = 50;
    /** The session timeout of the readiness probe. */
    static final int PROBE_SESSION_TIMEOUT_MS = 10_000;

    private final String name;
    private final Topology topology;
    protected final ServerLaunch launch;
    private final ChildProcesses children;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> memberDirs = new ArrayList<>();
    private String connectString;

    ChildProcessCluster(String name, Topology topology, ServerLaunch launch, ChildProcesses children) {
        this.name = name;
        this.topology = topology;
        this.launch = launch;
        this.children = children;
    }

    /** The command line of one member given its zoo.cfg. */
    abstract List<String> command(Path zooCfg, boolean ensemble);

    /** A check before anything is launched (e.g. the jar exists); throws with a clear message if not. */
    void checkLaunchable() throws SystemStartException {}

    @Override
    public String name() {
        return name;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public synchronized void start() throws SystemStartException {
        if (!processes.isEmpty()) {
            throw new IllegalStateException(name + " " + topology + " is already started");
        }
        checkLaunchable();
        try {
            int members = topology.members();
            int[] ports = FreePorts.allocate(members * 3);
            Files.createDirectories(launch.workDir());
            Path runDir = Files.createTempDirectory(launch.workDir(), name + "-" + topology.cliName() + "-");
            StringJoiner connect = new StringJoiner(",");
            for (int id = 1; id <= members; id++) {
                Path memberDir = runDir.resolve("member" + id);
                Path cfg = writeMemberConfig(memberDir, id, ports);
                memberDirs.add(memberDir);
                ProcessBuilder pb = new ProcessBuilder(command(cfg, members > 1)).directory(memberDir.toFile())
                        .redirectErrorStream(true).redirectOutput(memberDir.resolve("server.log").toFile());
                Process p = pb.start();
                children.register(p);
                processes.add(p);
                connect.add("127.0.0.1:" + ports[id - 1]);
            }
            connectString = connect.toString();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(launch.startTimeoutMs());
            for (int i = 0; i < members; i++) {
                awaitServing(i, "127.0.0.1:" + ports[i], deadline);
            }
        } catch (IOException e) {
            stop();
            throw new SystemStartException(name + " " + topology + ": " + e.getMessage(), e);
        } catch (SystemStartException e) {
            stop();
            throw e;
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new SystemStartException(name + " " + topology + ": interrupted while starting", e);
        }
    }

    /**
     * Writes member {@code id}'s directory: zoo.cfg (fsync on, all four-letter words, no admin server) and,
     * in an ensemble, {@code data/myid}. Ports: client ports first, then quorum and election pairs.
     */
    private Path writeMemberConfig(Path memberDir, int id, int[] ports) throws IOException {
        int members = topology.members();
        Path dataDir = memberDir.resolve("data");
        Files.createDirectories(dataDir);
        StringBuilder cfg = new StringBuilder();
        cfg.append("tickTime=2000\n")
                .append("initLimit=10\n")
                .append("syncLimit=5\n")
                .append("dataDir=").append(dataDir.toAbsolutePath()).append('\n')
                .append("clientPort=").append(ports[id - 1]).append('\n')
                .append("clientPortAddress=127.0.0.1\n")
                .append("maxClientCnxns=0\n")
                .append("forceSync=yes\n")
                .append("4lw.commands.whitelist=*\n")
                .append("admin.enableServer=false\n")
                .append("autopurge.purgeInterval=0\n");
        for (Map.Entry<String, String> e : launch.extraZooCfg().entrySet()) {
            if (cfg.indexOf("\n" + e.getKey() + "=") >= 0 || cfg.indexOf(e.getKey() + "=") == 0) {
                throw new IllegalArgumentException("zoo.cfg key '" + e.getKey() + "' is set by the driver itself");
            }
            cfg.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        if (members > 1) {
            for (int m = 1; m <= members; m++) {
                int quorumPort = ports[members + 2 * (m - 1)];
                int electionPort = ports[members + 2 * (m - 1) + 1];
                cfg.append("server.").append(m).append("=127.0.0.1:").append(quorumPort).append(':')
                        .append(electionPort).append('\n');
            }
            Files.writeString(dataDir.resolve("myid"), id + "\n", StandardCharsets.US_ASCII);
        }
        Path file = memberDir.resolve("zoo.cfg");
        Files.writeString(file, cfg.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private void awaitServing(int index, String server, long deadlineNs)
            throws SystemStartException, InterruptedException, IOException {
        Process p = processes.get(index);
        awaitListening(index, server, deadlineNs);
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper probe = new ZooKeeper(server, PROBE_SESSION_TIMEOUT_MS, watcher);
        try {
            while (true) {
                if (!p.isAlive()) {
                    throw new SystemStartException(name + " " + topology + ": member " + (index + 1)
                            + " exited with status " + p.exitValue() + " before serving; "
                            + logTail(memberDirs.get(index)));
                }
                if (connected.await(READY_POLL_MS, TimeUnit.MILLISECONDS)) {
                    try {
                        probe.exists("/", false);
                        return;
                    } catch (KeeperException e) {
                        // not serving yet (e.g. the ensemble is still electing); try again
                    }
                }
                if (System.nanoTime() - deadlineNs > 0) {
                    throw new SystemStartException(name + " " + topology + ": member " + (index + 1) + " at "
                            + server + " not serving within " + launch.startTimeoutMs() + " ms; "
                            + logTail(memberDirs.get(index)));
                }
            }
        } finally {
            probe.close();
        }
    }

    /** Waits until the member accepts TCP connections on its client port (before any client is made). */
    private void awaitListening(int index, String server, long deadlineNs) throws SystemStartException {
        Process p = processes.get(index);
        int colon = server.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(server.substring(0, colon),
                Integer.parseInt(server.substring(colon + 1)));
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) READY_POLL_MS);
                return;
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive()) {
                throw new SystemStartException(name + " " + topology + ": member " + (index + 1)
                        + " exited with status " + p.exitValue() + " before serving; " + logTail(memberDirs.get(index)));
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw new SystemStartException(name + " " + topology + ": member " + (index + 1) + " at " + server
                        + " not listening within " + launch.startTimeoutMs() + " ms; " + logTail(memberDirs.get(index)));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LISTEN_POLL_MS));
        }
    }

    private static String logTail(Path memberDir) {
        Path log = memberDir.resolve("server.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "log " + log + " ends with:\n  " + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "log " + log + " unreadable: " + e.getMessage();
        }
    }

    @Override
    public synchronized String connectString() {
        if (connectString == null) {
            throw new IllegalStateException(name + " " + topology + " is not started");
        }
        return connectString;
    }

    @Override
    public synchronized List<Path> serverLogs() {
        List<Path> logs = new ArrayList<>();
        for (Path dir : memberDirs) {
            logs.add(dir.resolve("server.log"));
        }
        return logs;
    }

    @Override
    public synchronized List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Process p : processes) {
            pids.add(p.pid());
        }
        return pids;
    }

    @Override
    public synchronized void stop() {
        for (Process p : processes) {
            children.stop(p, launch.stopGraceMs());
        }
        processes.clear();
        connectString = null;
        if (!launch.keepData()) {
            for (Path dir : memberDirs) {
                deleteTree(dir.resolve("data"));
            }
        }
        memberDirs.clear();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("load driver: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
