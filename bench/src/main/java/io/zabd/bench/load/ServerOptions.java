package io.zabd.bench.load;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import picocli.CommandLine.Option;

/** How servers are started, shared by {@code run --system} and {@code compare}. */
final class ServerOptions {
    /**
     * Pre-touching the heap is in the default for both systems: on this project's VM, young pauses
     * without it spent ~80% of their time in the kernel, faulting in heap pages a growing tree
     * touched for the first time (see decision 0008).
     */
    @Option(names = "--server-jvm-opts", defaultValue = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch",
            description = "JVM options of every server process, both systems (default '${DEFAULT-VALUE}')")
    String jvmOptions;

    @Option(names = "--zabd-jar", defaultValue = "server/target/zabd-server.jar",
            description = "the zabd server jar (default ${DEFAULT-VALUE})")
    Path zabdJar;

    @Option(names = "--work-dir", defaultValue = "target/load-runs",
            description = "server data, zoo.cfg and logs; must be a real disk (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--start-timeout", defaultValue = "60s", description = "wait for every member to serve")
    String startTimeout;

    @Option(names = "--stop-grace", defaultValue = "10s", description = "SIGTERM to SIGKILL delay")
    String stopGrace;

    @Option(names = "--keep-data", description = "keep the servers' data directories (logs are always kept)")
    boolean keepData;

    @Option(names = "--java", description = "java launcher for the servers (default: this JVM's)")
    Path javaBin;

    @Option(names = "--server-classpath",
            description = "class path with Apache ZooKeeper's server (default: this JVM's class path)")
    String classpath;

    /** {@code javaHome} and {@code ownClasspath} come from the driver's own JVM (read once in main). */
    ServerLaunch toLaunch(Path javaHome, String ownClasspath) {
        List<String> opts = Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        return new ServerLaunch(javaBin != null ? javaBin : javaHome.resolve("bin").resolve("java"), opts,
                absoluteClasspath(classpath != null ? classpath : ownClasspath), zabdJar.toAbsolutePath(),
                workDir.toAbsolutePath(),
                Durations.parseNanos(startTimeout) / 1_000_000L, Durations.parseNanos(stopGrace) / 1_000_000L,
                keepData);
    }

    /** The servers run in their own directories: every class path entry is made absolute. */
    static String absoluteClasspath(String classpath) {
        StringJoiner out = new StringJoiner(File.pathSeparator);
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return out.toString();
    }
}
