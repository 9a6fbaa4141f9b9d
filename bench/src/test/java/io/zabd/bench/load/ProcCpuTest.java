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
        long before = meter.cpuNanos();
        long spinUntil = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spinUntil) {
            x += x * 31 + 7;
        }
        long used = meter.cpuNanos() - before;
        assertTrue(used >= 100_000_000L, "a 300 ms spin shows at least 100 ms of CPU: " + used + " (" + x + ")");
        assertThrows(IllegalStateException.class, () -> cpu.meter(List.of(Long.MAX_VALUE)).cpuNanos());
    }
}
