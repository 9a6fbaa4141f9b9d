package io.zabd.bench.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the log benchmarks put their files: a fresh directory under {@code java.io.tmpdir}, which
 * must be a real disk (not tmpfs) for fsync figures to mean anything. On a machine whose /tmp is
 * tmpfs, run with {@code -Djava.io.tmpdir=/some/disk/dir} (passed to the forked JVM with
 * {@code -jvmArgsAppend}).
 */
final class BenchDirs {
    private BenchDirs() {}

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
