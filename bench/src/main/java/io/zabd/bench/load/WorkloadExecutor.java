package io.zabd.bench.load;

import java.util.List;

/** Runs one workload against a started system; the compare mode's unit of work. */
@FunctionalInterface
public interface WorkloadExecutor {
    LoadResult run(SystemUnderTest system, LoadConfig config, String runTag) throws Exception;

    /**
     * The real one: connects {@link ZkLoadClient} sessions spread over the system's members, prepares the
     * paths, runs {@link LoadRun} with the server members' and the driver's own CPU read from /proc.
     */
    static WorkloadExecutor real(ProcCpu procCpu, long connectTimeoutMs, long seed) {
        return (system, config, runTag) -> {
            try (ZkLoadClient client = ZkLoadClient.connect(ZkLoadClient.servers(system.connectString()),
                    config.sessions(), config.sessionTimeoutMs(), connectTimeoutMs)) {
                client.prepare(config, runTag);
                LoadRun run = new LoadRun(config, client, Pacer.SYSTEM, procCpu.meters(system.pids()),
                        procCpu.meter(List.of(ProcessHandle.current().pid())), seed);
                return run.execute(system.name(), system.topology().cliName());
            }
        };
    }
}
