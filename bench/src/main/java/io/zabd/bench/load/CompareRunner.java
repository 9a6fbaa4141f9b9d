package io.zabd.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The compare mode: for each round, for each topology, each system in turn (A B A B ...) is started fresh,
 * runs every workload, and is stopped, so only one system runs at a time. A system that does not start
 * is reported as not available and skipped in the later rounds; a workload that fails is reported and
 * the comparison goes on.
 */
public final class CompareRunner {

    /**
     * @param systems the system names in the order they alternate
     * @param rounds how many times each system runs each workload (the tables show medians)
     * @param base the load settings; its workload is replaced by each of {@code workloads}
     */
    public record Plan(List<String> systems, List<Topology> topologies, List<WorkloadKind> workloads, int rounds,
            LoadConfig base) {
        public static final int ROUNDS_MAX = 100;

        public Plan {
            systems = List.copyOf(systems);
            topologies = List.copyOf(topologies);
            workloads = List.copyOf(workloads);
            if (systems.isEmpty() || topologies.isEmpty() || workloads.isEmpty()) {
                throw new IllegalArgumentException("a comparison needs at least one system, topology and workload");
            }
            if (rounds < 1 || rounds > ROUNDS_MAX) {
                throw new IllegalArgumentException("rounds must be in [1, " + ROUNDS_MAX + "]: " + rounds);
            }
        }
    }

    private final Plan plan;
    private final BiFunction<String, Topology, SystemUnderTest> systems;
    private final WorkloadExecutor executor;
    private final PrintStream progress;

    public CompareRunner(Plan plan, BiFunction<String, Topology, SystemUnderTest> systems, WorkloadExecutor executor,
            PrintStream progress) {
        this.plan = plan;
        this.systems = systems;
        this.executor = executor;
        this.progress = progress;
    }

    public CompareReport run() throws InterruptedException {
        CompareReport report = new CompareReport();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (Topology topology : plan.topologies()) {
                for (String name : plan.systems()) {
                    CompareReport.Target target = new CompareReport.Target(name, topology);
                    if (!report.isUnavailable(target)) {
                        runTarget(report, target, round);
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException("comparison interrupted");
                    }
                }
            }
        }
        return report;
    }

    private void runTarget(CompareReport report, CompareReport.Target target, int round) {
        SystemUnderTest system = systems.apply(target.system(), target.topology());
        progress.println("round " + round + ": starting " + target);
        try {
            system.start();
        } catch (SystemStartException e) {
            report.markUnavailable(target, e.getMessage());
            progress.println("round " + round + ": " + target + " not available: " + e.getMessage());
            system.stop();
            return;
        }
        try {
            for (WorkloadKind workload : plan.workloads()) {
                String tag = "r" + round + "-" + workload.cliName();
                try {
                    LoadResult result = executor.run(system, plan.base().withWorkload(workload), tag);
                    report.add(target, result);
                    progress.println("round " + round + ": " + result.summary());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    report.addFailure(target, workload, round, "interrupted");
                    return;
                } catch (Exception e) {
                    report.addFailure(target, workload, round, e.toString());
                    progress.println("round " + round + ": " + target + " " + workload.cliName() + " failed: " + e);
                }
            }
        } finally {
            system.stop();
        }
    }
}
