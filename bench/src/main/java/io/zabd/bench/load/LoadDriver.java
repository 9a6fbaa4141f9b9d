package io.zabd.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end load driver:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zabd.bench.load.LoadDriver run --connect 127.0.0.1:2181 --workload setData
 * java -cp bench/target/benchmarks.jar io.zabd.bench.load.LoadDriver run --system zookeeper --topology ensemble3
 * java -cp bench/target/benchmarks.jar io.zabd.bench.load.LoadDriver compare --rounds 3 --markdown
 * java -cp bench/target/benchmarks.jar io.zabd.bench.load.LoadDriver snapshot-impact --markdown
 * </pre>
 *
 * See bench/README.md, section "Load driver", for every option and column.
 */
@Command(name = "LoadDriver", mixinStandardHelpOptions = true,
        subcommands = {LoadDriver.RunCommand.class, LoadDriver.CompareCommand.class, SnapshotImpactCommand.class},
        description = "Loads a ZooKeeper-compatible server with the official client; compares zabd with Apache ZooKeeper.")
public final class LoadDriver implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_ERRORS = 1;
    static final int EXIT_USAGE = 2;

    /** The driver JVM's own settings, read once here. */
    record Environment(Path javaHome, String classpath, long pid, PrintStream out, PrintStream err) {}

    private final Environment env;

    LoadDriver(Environment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        // the official client logs every connection at INFO; keep the driver's output to its results
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // the readiness probe's refused connections while a server boots are expected
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper.ClientCnxn", "error");
        }
        Environment env = new Environment(Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path"), ProcessHandle.current().pid(), System.out, System.err);
        System.exit(execute(env, args));
    }

    static int execute(Environment env, String... args) {
        CommandLine cli = new CommandLine(new LoadDriver(env), new Factory(env));
        cli.setOut(new java.io.PrintWriter(env.out(), true));
        cli.setErr(new java.io.PrintWriter(env.err(), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            env.err().println("load driver: " + e.getMessage());
            if (!(e instanceof IllegalArgumentException) && !(e instanceof SystemStartException)) {
                e.printStackTrace(env.err());
            }
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_ERRORS;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        env.err().println("give a subcommand: run, compare or snapshot-impact (--help for the options)");
        return EXIT_USAGE;
    }

    /** Hands the environment to the subcommands. */
    private record Factory(Environment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(env));
            }
            if (cls == CompareCommand.class) {
                return cls.cast(new CompareCommand(env));
            }
            if (cls == SnapshotImpactCommand.class) {
                return cls.cast(new SnapshotImpactCommand(env));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "One workload against a running server (--connect) or one started here (--system).")
    static final class RunCommand implements Callable<Integer> {
        private final Environment env;

        @Mixin
        LoadOptions load;

        @Mixin
        ServerOptions server;

        @Option(names = "--workload", defaultValue = "setData", description = "create, setData, getData or mixed")
        String workload;

        @Option(names = "--connect", description = "host:port[,host:port...] of running servers (sessions round-robin)")
        String connect;

        @Option(names = "--pid", description = "with --connect: server process ids whose CPU time to report")
        List<Long> pids = new ArrayList<>();

        @Option(names = "--system", description = "start this system: zookeeper or zabd")
        String system;

        @Option(names = "--topology", defaultValue = "standalone", description = "with --system: standalone or ensemble3")
        String topology;

        RunCommand(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if ((connect == null) == (system == null)) {
                throw new IllegalArgumentException("give exactly one of --connect and --system");
            }
            LoadConfig config = load.toConfig(WorkloadKind.parse(workload));
            ProcCpu procCpu = ProcCpu.detect();
            WorkloadExecutor executor = WorkloadExecutor.real(procCpu, load.connectTimeoutMs(), load.seed);
            LoadResult result;
            if (connect != null) {
                result = executor.run(new ExternalSystem(connect, pids), config, "run-" + System.currentTimeMillis());
            } else {
                ChildProcesses children = new ChildProcesses();
                try (SystemUnderTest sut = new Systems(server.toLaunch(env.javaHome(), env.classpath()), children)
                        .create(system, Topology.parse(topology))) {
                    sut.start();
                    env.err().println("started " + sut.name() + " " + sut.topology() + " at " + sut.connectString()
                            + " (pids " + sut.pids() + ")");
                    result = executor.run(sut, config, "run-" + System.currentTimeMillis());
                } finally {
                    children.close();
                }
            }
            env.out().println(result.summary());
            return result.totalErrors() == 0 ? EXIT_OK : EXIT_ERRORS;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Each workload against each system in alternation, several rounds; prints median tables.")
    static final class CompareCommand implements Callable<Integer> {
        private final Environment env;

        @Mixin
        LoadOptions load;

        @Mixin
        ServerOptions server;

        @Option(names = "--systems", split = ",", defaultValue = "zookeeper,zabd",
                description = "systems in alternation order (default ${DEFAULT-VALUE})")
        List<String> systems;

        @Option(names = "--topologies", split = ",", defaultValue = "standalone,ensemble3",
                description = "standalone and/or ensemble3 (default ${DEFAULT-VALUE})")
        List<String> topologies;

        @Option(names = "--workloads", split = ",", defaultValue = "setData,create,getData",
                description = "workloads (default ${DEFAULT-VALUE})")
        List<String> workloads;

        @Option(names = "--rounds", defaultValue = "3", description = "rounds of A B alternation (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--markdown", description = "print the tables as Markdown (for bench/README.md)")
        boolean markdown;

        CompareCommand(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            List<Topology> tops = topologies.stream().map(Topology::parse).toList();
            List<WorkloadKind> kinds = workloads.stream().map(WorkloadKind::parse).toList();
            for (String s : systems) {
                if (!s.equals(Systems.ZOOKEEPER) && !s.equals(Systems.ZABD)) {
                    throw new IllegalArgumentException("unknown system '" + s + "' (zookeeper, zabd)");
                }
            }
            CompareRunner.Plan plan = new CompareRunner.Plan(systems, tops, kinds, rounds, load.toConfig(kinds.get(0)));
            ProcCpu procCpu = ProcCpu.detect();
            ChildProcesses children = new ChildProcesses();
            try {
                Systems factory = new Systems(server.toLaunch(env.javaHome(), env.classpath()), children);
                CompareRunner runner = new CompareRunner(plan, factory::create,
                        WorkloadExecutor.real(procCpu, load.connectTimeoutMs(), load.seed), env.err());
                CompareReport report = runner.run();
                env.out().print(new CompareTable(plan, report).render(markdown));
                return report.clean() ? EXIT_OK : EXIT_ERRORS;
            } finally {
                children.close();
            }
        }
    }
}
