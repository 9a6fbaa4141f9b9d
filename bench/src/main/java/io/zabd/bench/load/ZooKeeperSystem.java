package io.zabd.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache ZooKeeper 3.9.5 from the Maven jar on the driver's class path: {@code ZooKeeperServerMain}
 * standalone, {@code QuorumPeerMain} per member of an ensemble. Fsync on (ZooKeeper's default,
 * {@code forceSync=yes} written out), the JVM options of {@link ServerLaunch}.
 */
final class ZooKeeperSystem extends ChildProcessCluster {
    static final String NAME = "zookeeper";
    static final String STANDALONE_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";
    static final String QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

    ZooKeeperSystem(Topology topology, ServerLaunch launch, ChildProcesses children) {
        super(NAME, topology, launch, children);
    }

    @Override
    List<String> command(Path zooCfg, boolean ensemble) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.javaBin().toString());
        cmd.addAll(launch.jvmOptions());
        cmd.add("-Dzookeeper.admin.enableServer=false");
        cmd.add("-cp");
        cmd.add(launch.classpath());
        cmd.add(ensemble ? QUORUM_MAIN : STANDALONE_MAIN);
        cmd.add(zooCfg.toAbsolutePath().toString());
        return cmd;
    }
}
