package io.zabd.server.compat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 3-member Apache ZooKeeper 3.9.5 ensemble: one {@code QuorumPeerMain} child JVM per member (the
 * test class path holds the zookeeper jar), zoo.cfg with server.N lines and a myid file per member.
 * The settings ZooKeeper reads from system properties only (super digest, TTL nodes, 4lw whitelist)
 * are passed as -D flags. Ready once every member answers {@code srvr} with a leader or follower mode.
 */
final class ZooKeeperEnsembleTarget implements TargetServer {
    static final String NAME = "zookeeper-ensemble3";
    private static final String QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    private static final String CHILD_HEAP = "-Xmx256m";
    private static final long STOP_DEADLINE_S = 30;

    private final EnsembleLayout layout;
    private final List<Process> members = new ArrayList<>();

    private ZooKeeperEnsembleTarget(EnsembleLayout layout) {
        this.layout = layout;
    }

    static TargetServer start(Path dir, TargetOptions options) throws Exception {
        ZooKeeperEnsembleTarget target = new ZooKeeperEnsembleTarget(new EnsembleLayout());
        try {
            target.startMembers(dir.toAbsolutePath(), options);
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
        return target;
    }

    private void startMembers(Path dir, TargetOptions options) throws Exception {
        for (int id = 1; id <= EnsembleLayout.MEMBERS; id++) {
            Path data = EnsembleLayout.writeMyid(dir.resolve("member" + id).resolve("zk-data"), id);
            Path cfg = dir.resolve("zoo" + id + ".cfg");
            Files.writeString(cfg, "tickTime=" + ZooKeeperTarget.TICK_TIME_MS + "\ndataDir=" + data
                    + "\nclientPort=" + layout.clientPorts.get(id - 1) + "\nclientPortAddress=127.0.0.1\n"
                    + "maxClientCnxns=1000\nadmin.enableServer=false\n" + layout.quorumLines());
            members.add(new ProcessBuilder(command(cfg, options)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("member" + id + ".log").toFile()).start());
        }
        EnsembleLayout.await("every ZooKeeper member leading or following", () -> {
            for (int id = 1; id <= EnsembleLayout.MEMBERS; id++) {
                if (!members.get(id - 1).isAlive()) {
                    throw new IllegalStateException("ZooKeeper member " + id + " exited; see " + dir.resolve("member" + id + ".log"));
                }
                if (!serving(layout.clientAddress(id))) {
                    return false;
                }
            }
            return true;
        });
    }

    private static boolean serving(InetSocketAddress address) {
        try {
            String srvr = Clients.fourLetterWord(address, "srvr");
            return srvr.contains("Mode: leader") || srvr.contains("Mode: follower");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static List<String> command(Path cfg, TargetOptions options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Djava.net.preferIPv4Stack")) {
                cmd.add(arg);
            }
        }
        cmd.add(CHILD_HEAP);
        cmd.add("-Dzookeeper.admin.enableServer=false");
        cmd.add("-Dzookeeper.DigestAuthenticationProvider.superDigest=" + Clients.SUPER_DIGEST);
        cmd.add("-Dzookeeper.extendedTypesEnabled=" + options.extendedTypesEnabled());
        cmd.add("-Dznode.container.checkIntervalMs=" + options.containerCheckIntervalMs());
        if (options.allFourLetterWords()) {
            cmd.add("-Dzookeeper.4lw.commands.whitelist=*");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(QUORUM_MAIN);
        cmd.add(cfg.toString());
        return cmd;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Member 1's client listener (raw sockets, four-letter words). */
    @Override
    public InetSocketAddress clientAddress() {
        return layout.clientAddress(1);
    }

    @Override
    public List<InetSocketAddress> memberAddresses() {
        return layout.clientAddresses();
    }

    @Override
    public String connectString() {
        return layout.connectString();
    }

    @Override
    public void close() {
        for (Process p : members) {
            p.destroyForcibly();
        }
        for (Process p : members) {
            try {
                p.waitFor(STOP_DEADLINE_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        members.clear();
    }

    @Override
    public String toString() {
        return name();
    }
}
