package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Goal: a pacer below 100% parks for a share of the time that follows its duty cycle; at 100% it never parks. */
class WorkPacerTest {
    private static long run(WorkPacer pacer, long wallNs) {
        pacer.start();
        long start = System.nanoTime();
        long sink = 0;
        while (System.nanoTime() - start < wallNs) {
            for (int i = 0; i < 100; i++) {
                sink += i * 31L; // a unit of work
            }
            pacer.tick();
        }
        return sink;
    }

    @Test
    void parksForItsShareOfTheTime() {
        long wall = 40_000_000;
        WorkPacer half = new WorkPacer(50, 200_000);
        run(half, wall);
        assertTrue(half.pausedNs() >= wall / 5, "parked " + half.pausedNs() + " ns of " + wall);

        WorkPacer full = new WorkPacer(100, 200_000);
        run(full, 5_000_000);
        assertEquals(0, full.pausedNs());
    }
}
