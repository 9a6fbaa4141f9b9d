package io.zabd.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * zabd: {@code java <jvm options> -jar zabd-server.jar --config zoo.cfg} per member, with the same zoo.cfg
 * (and {@code server.N} entries for an ensemble) as Apache ZooKeeper gets.
 */
final class ZabdSystem extends ChildProcessCluster {
    static final String NAME = "zabd";

    ZabdSystem(Topology topology, ServerLaunch launch, ChildProcesses children) {
        super(NAME, topology, launch, children);
    }

    @Override
    void checkLaunchable() throws SystemStartException {
        if (!Files.isRegularFile(launch.zabdJar())) {
            throw new SystemStartException("zabd " + topology() + ": no server jar at " + launch.zabdJar()
                    + " (build it with: mvn -B -pl server -am package -DskipTests)");
        }
    }

    @Override
    List<String> command(Path zooCfg, boolean ensemble) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.javaBin().toString());
        cmd.addAll(launch.jvmOptions());
        cmd.add("-jar");
        cmd.add(launch.zabdJar().toAbsolutePath().toString());
        cmd.add("--config");
        cmd.add(zooCfg.toAbsolutePath().toString());
        return cmd;
    }
}
