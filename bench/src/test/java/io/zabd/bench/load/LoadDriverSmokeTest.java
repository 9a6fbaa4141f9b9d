package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real run of the driver: Apache ZooKeeper 3.9.5 standalone as a child JVM, the official client
 * with a few sessions, setData then getData (whose bytes are checked): requests complete, none fails,
 * the histogram is filled and the server process's CPU time is seen.
 */
class LoadDriverSmokeTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void reap() {
        children.close();
    }

    @Test
    void setDataAndGetDataAgainstZooKeeperChildProcess() throws Exception {
        Systems systems = new Systems(TestLaunch.in(dir, dir.resolve("none.jar")), children);
        ProcCpu procCpu = ProcCpu.detect();
        WorkloadExecutor executor = WorkloadExecutor.real(procCpu, 20_000, 7);
        LoadConfig setData = new LoadConfig(WorkloadKind.SET_DATA, 3, 4, 0, 1000, 300 * MS, 1000 * MS, 20, -1, false,
                0.9, 30_000, 10_000 * MS);
        try (SystemUnderTest zk = systems.create(Systems.ZOOKEEPER, Topology.STANDALONE)) {
            zk.start();
            assertEquals(1, zk.pids().size());
            long pid = zk.pids().get(0);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server is a live child");

            for (WorkloadKind kind : new WorkloadKind[] {WorkloadKind.SET_DATA, WorkloadKind.GET_DATA}) {
                LoadResult r = executor.run(zk, setData.withWorkload(kind), "smoke");
                assertTrue(r.ops() > 0, kind + " completed requests: " + r.summary());
                assertEquals(0, r.totalErrors(), r.summary());
                assertTrue(r.latencyUs(99) > 0 && r.maxLatencyUs() >= r.latencyUs(50), r.summary());
                assertTrue(r.serverCpuNs() > 0, "server CPU seen over the window: " + r.summary());
                assertTrue(r.serverCpuUsPerOp() > 0 && r.clientCpuUsPerOp() > 0, r.summary());
            }
            zk.stop();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server stopped");
        }
    }
}
