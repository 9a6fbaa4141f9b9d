package io.zabd.bench.load;

import java.nio.file.Path;
import java.util.List;

/** Server launch settings for tests: this JVM's java and class path (which holds ZooKeeper 3.9.5), small heap. */
final class TestLaunch {
    private TestLaunch() {}

    static ServerLaunch in(Path workDir, Path zabdJar) {
        return new ServerLaunch(Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-Xms128m", "-Xmx256m", "-XX:TieredStopAtLevel=1"), System.getProperty("java.class.path"),
                zabdJar, workDir, 60_000, 10_000, false);
    }
}
