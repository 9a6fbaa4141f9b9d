package io.zabd.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param extraZooCfg more zoo.cfg lines ({@code key=value}, in order) for every member of both systems,
 *     e.g. {@code snapCount}; keys the driver itself writes are refused
 */
public record ServerLaunch(
        Path javaBin,
        List<String> jvmOptions,
        String classpath,
        Path zabdJar,
        Path workDir,
        long startTimeoutMs,
        long stopGraceMs,
        boolean keepData,
        Map<String, String> extraZooCfg) {

    public ServerLaunch {
        jvmOptions = List.copyOf(jvmOptions);
        extraZooCfg = Collections.unmodifiableMap(new LinkedHashMap<>(extraZooCfg));
        if (startTimeoutMs <= 0 || stopGraceMs <= 0) {
            throw new IllegalArgumentException("start timeout and stop grace must be > 0");
        }
        for (Map.Entry<String, String> e : extraZooCfg.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9._]+") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("bad zoo.cfg entry '" + e.getKey() + "=" + e.getValue() + "'");
            }
        }
    }

    /** Without extra zoo.cfg lines. */
    public ServerLaunch(Path javaBin, List<String> jvmOptions, String classpath, Path zabdJar, Path workDir,
            long startTimeoutMs, long stopGraceMs, boolean keepData) {
        this(javaBin, jvmOptions, classpath, zabdJar, workDir, startTimeoutMs, stopGraceMs, keepData, Map.of());
    }

    /** The same launch with {@code more} JVM options after the current ones. */
    public ServerLaunch withMoreJvmOptions(List<String> more) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(more);
        return new ServerLaunch(javaBin, all, classpath, zabdJar, workDir, startTimeoutMs, stopGraceMs, keepData,
                extraZooCfg);
    }

    /** The same launch with {@code key=value} added to every member's zoo.cfg. */
    public ServerLaunch withZooCfg(String key, String value) {
        Map<String, String> cfg = new LinkedHashMap<>(extraZooCfg);
        cfg.put(key, value);
        return new ServerLaunch(javaBin, jvmOptions, classpath, zabdJar, workDir, startTimeoutMs, stopGraceMs,
                keepData, cfg);
    }
}
