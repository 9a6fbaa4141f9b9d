package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real {@code snapshot-impact} run against Apache ZooKeeper 3.9.5 as a child JVM: the multi prefill
 * works, a small snapCount in zoo.cfg makes the server snapshot during the window, the driver finds those
 * snapshots in the timestamped server log, classifies requests both ways, writes the time series, and
 * exits 0 (no errors, snapshots seen).
 */
class SnapshotImpactSmokeTest {
    @TempDir
    Path dir;

    @Test
    void zooKeeperSnapshotsAreFoundAndRequestsClassified() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadDriver.Environment env = new LoadDriver.Environment(Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path"), ProcessHandle.current().pid(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = LoadDriver.execute(env, "snapshot-impact", "--systems", "zookeeper", "--nodes", "5000",
                "--prefill-batch", "500", "--snap-count", "1000", "--rate", "1000", "--sessions", "4", "--warmup", "1s",
                "--measure", "4s", "--work-dir", dir.toString(), "--server-jvm-opts",
                "-Xms128m -Xmx256m -XX:TieredStopAtLevel=1", "--markdown");
        String table = out.toString(StandardCharsets.UTF_8);
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(LoadDriver.EXIT_OK, status, table + log);
        assertTrue(log.contains("zookeeper: prefilled 5000 nodes of 100 B"), log);
        assertTrue(log.contains("(in the window)"), log);
        String row = table.lines().filter(l -> l.startsWith("| zookeeper |")).findFirst().orElseThrow();
        List<String> cells = Stream.of(row.substring(1, row.length() - 1).split("\\|")).map(String::trim).toList();
        assertEquals(SnapshotImpactTable.HEADER.size(), cells.size(), row);
        assertTrue(Integer.parseInt(cells.get(3)) >= 1, "snapshots in the window: " + row);
        assertTrue(Long.parseLong(cells.get(7)) > 0 && Long.parseLong(cells.get(9)) > 0, "both sets filled: " + row);
        assertEquals("0", cells.get(cells.size() - 1), "no errors: " + row);
        try (Stream<Path> files = Files.list(dir)) {
            Path csv = files.filter(p -> p.getFileName().toString().startsWith("snapshot-impact-zookeeper-"))
                    .findFirst().orElseThrow();
            assertTrue(Files.readAllLines(csv).size() >= 40, "100 ms buckets of a 4 s window");
        }
    }
}
