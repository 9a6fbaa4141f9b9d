package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU time from /proc/pid/stat: fields counted after the command name, which may hold spaces and ')'. */
class ProcCpuTest {

    @Test
    void parsesUtimePlusStimeAfterTheLastParenthesis() throws IOException {
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 99 1 2 3\n";
        assertEquals(1234 + 567, ProcCpu.parseTicks(line));
    }

    @Test
    void refusesMalformedLines() {
        assertThrows(IOException.class, () -> ProcCpu.parseTicks("no parenthesis here"));
        assertThrows(IOException.class, () -> ProcCpu.parseTicks("1 (x) S 1 2"));
    }

    @Test
    void measuresThisProcessBusyLoop() throws IOException {
        ProcCpu cpu = ProcCpu.detect();
        assertTrue(cpu.ticksPerSecond() > 0);
        LoadRun.CpuMeter meter = cpu.meter(List.of(ProcessHandle.current().pid()));
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = meter.cpuNanos();
        // spin until this thread has used 300 ms of CPU by the JVM's own count (not wall time: on a loaded
        // machine a wall-clock spin may get little CPU), then /proc must show at least that much, less its resolution
        long threadStart = threads.getCurrentThreadCpuTime();
        long wallDeadline = System.nanoTime() + 60_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - threadStart < 300_000_000L && System.nanoTime() < wallDeadline) {
            for (int i = 0; i < 10_000; i++) {
                x += x * 31 + 7;
            }
        }
        long spun = threads.getCurrentThreadCpuTime() - threadStart;
        long used = meter.cpuNanos() - before;
        long resolution = 2 * 1_000_000_000L / cpu.ticksPerSecond(); // one tick per read, two reads
        assertTrue(used >= spun - resolution, "this thread's " + spun + " ns of CPU show in /proc: " + used + " (" + x + ")");
        assertThrows(IllegalStateException.class, () -> cpu.meter(List.of(Long.MAX_VALUE)).cpuNanos());
    }
}
