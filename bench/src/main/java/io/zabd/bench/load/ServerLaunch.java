package io.zabd.bench.load;

import java.nio.file.Path;
import java.util.List;

/**
 * How the driver starts server processes; the same JVM options for every system so the comparison is fair.
 *
 * @param javaBin the {@code java} launcher
 * @param jvmOptions heap and other JVM flags given to every server process (both systems)
 * @param classpath class path holding Apache ZooKeeper's server (the driver's own: benchmarks.jar)
 * @param zabdJar the zabd server jar ({@code server/target/zabd-server.jar})
 * @param workDir where each system gets its directories (data, zoo.cfg, server log); must be on a real
 *     disk for fsync to cost what it costs in production
 * @param startTimeoutMs how long a system may take until every member serves
 * @param stopGraceMs how long a member may take to exit after SIGTERM before it is killed
 * @param keepData keep the data directories after a system stops (the logs are always kept)
 */
public record ServerLaunch(
        Path javaBin,
        List<String> jvmOptions,
        String classpath,
        Path zabdJar,
        Path workDir,
        long startTimeoutMs,
        long stopGraceMs,
        boolean keepData) {

    public ServerLaunch {
        jvmOptions = List.copyOf(jvmOptions);
        if (startTimeoutMs <= 0 || stopGraceMs <= 0) {
            throw new IllegalArgumentException("start timeout and stop grace must be > 0");
        }
    }
}
