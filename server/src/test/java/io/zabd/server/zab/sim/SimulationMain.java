package io.zabd.server.zab.sim;

/**
 * Runs seeds from the command line (arguments, not properties): {@code first count}. Prints each
 * failing seed and a summary; exits 1 if any seed failed. For long soak runs outside Maven.
 */
public final class SimulationMain {
    private SimulationMain() {}

    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        long count = Long.parseLong(args[1]);
        long started = System.nanoTime();
        int failed = 0;
        long committed = 0;
        for (long seed = first; seed < first + count; seed++) {
            try {
                committed += new Simulation(seed).run().committed();
            } catch (AssertionError e) {
                failed++;
                String m = String.valueOf(e.getMessage());
                System.out.println("FAILED seed " + seed + ": "
                        + (count == 1 ? m : m.lines().limit(3).reduce("", (a, b) -> a + " | " + b)));
            }
        }
        System.out.printf("%d seeds from %d in %d ms, %d failed, %d txns committed%n", count, first,
                (System.nanoTime() - started) / 1_000_000, failed, committed);
        System.exit(failed == 0 ? 0 : 1);
    }
}
