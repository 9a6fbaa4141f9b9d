package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system whose start fails is reported as "not available" instead of ending the comparison: here a zabd
 * "server jar" that is not a jar (its child JVM exits at once) and a missing one, beside a fake system
 * that runs; the comparison still reports the fake system and tries each broken one only once.
 */
class CompareUnavailableTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void reap() {
        children.close();
    }

    @Test
    void failingStartIsReportedAsNotAvailable() throws Exception {
        Path brokenJar = Files.writeString(dir.resolve("zabd-server.jar"), "not a jar");
        Systems broken = new Systems(TestLaunch.in(dir.resolve("runs"), brokenJar), children);
        Systems missing = new Systems(TestLaunch.in(dir.resolve("runs"), dir.resolve("absent.jar")), children);
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        LoadConfig base = new LoadConfig(WorkloadKind.SET_DATA, 1, 1, 0, 10, 0, MS, 1, -1, false, 0.5, 30_000, MS);
        CompareRunner.Plan plan = new CompareRunner.Plan(List.of(Systems.ZOOKEEPER, Systems.ZABD),
                List.of(Topology.STANDALONE, Topology.ENSEMBLE3), List.of(WorkloadKind.SET_DATA), 2, base);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        CompareReport report = new CompareRunner(plan, (name, topology) -> {
            starts.incrementAndGet();
            if (name.equals(Systems.ZOOKEEPER)) {
                return new FakeSystem(topology);
            }
            return topology == Topology.STANDALONE ? broken.create(name, topology) : missing.create(name, topology);
        }, (system, config, tag) -> {
            runs.incrementAndGet();
            Histogram h = new Histogram(3);
            h.recordValue(MS);
            return new LoadResult(system.name(), system.topology().cliName(), config, 1_000 * MS, h, 0, 0, 0,
                    List.of(MS), MS);
        }, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        CompareReport.Target zabdStandalone = new CompareReport.Target(Systems.ZABD, Topology.STANDALONE);
        CompareReport.Target zabdEnsemble = new CompareReport.Target(Systems.ZABD, Topology.ENSEMBLE3);
        assertTrue(report.isUnavailable(zabdStandalone));
        assertTrue(report.isUnavailable(zabdEnsemble));
        assertTrue(report.unavailable().get(zabdStandalone).contains("exited with status"),
                report.unavailable().get(zabdStandalone));
        assertTrue(report.unavailable().get(zabdEnsemble).contains("no server jar"),
                report.unavailable().get(zabdEnsemble));
        // zookeeper ran twice per topology; each zabd topology was tried once, in round 1 only
        assertEquals(4, runs.get());
        assertEquals(2 * 2 + 2, starts.get());
        assertEquals(2, report.results(new CompareReport.Target(Systems.ZOOKEEPER, Topology.ENSEMBLE3),
                WorkloadKind.SET_DATA).size());

        String table = new CompareTable(plan, report).render(true);
        assertTrue(table.contains("| setData | standalone | 1 | 1.00 | 1000.0 | n/a | n/a | n/a | n/a | n/a | n/a | 0 |"),
                table);
        assertTrue(table.contains("zabd standalone: not available"), table);
    }

    /** Stands in for a system that starts and serves. */
    private static final class FakeSystem implements SystemUnderTest {
        private final Topology topology;

        FakeSystem(Topology topology) {
            this.topology = topology;
        }

        @Override
        public String name() {
            return Systems.ZOOKEEPER;
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public void start() {}

        @Override
        public String connectString() {
            return "127.0.0.1:1";
        }

        @Override
        public List<Long> pids() {
            return List.of();
        }

        @Override
        public void stop() {}
    }
}
