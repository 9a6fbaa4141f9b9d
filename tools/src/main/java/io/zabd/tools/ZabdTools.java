package io.zabd.tools;

import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.tree.TreeLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code zabd-tools.jar}: offline commands over zabd and Apache ZooKeeper data
 * directories. Every command runs in-process through {@link #run} (tests capture its output).
 *
 * <p>Exit codes ({@link Exit}): 0 ok; 1 the command ran and found a problem (log damage, digest
 * mismatch, differences with {@code --fail-on-diff}); 2 usage error; 3 I/O error, corruption that
 * stops the command, or a refused operation.
 */
@Command(name = "zabd-tools", mixinStandardHelpOptions = true, version = "zabd-tools 0.1.0",
        description = "Offline inspection, verification, repair, time travel and migration of zabd data.",
        subcommands = {LogCommand.class, SnapshotCommand.class, StateCommand.class, ImportCommand.class,
                ExportCommand.class, AuditCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a problem was found (damage, digest mismatch, ...)", "2:usage error",
                "3:I/O error, unreadable or corrupt input, refused operation"})
public final class ZabdTools implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns its exit code. Output and errors go to the given writers. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ZabdTools());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + describe(ex));
            line.getErr().flush();
            return Exit.IO;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String describe(Exception ex) {
        if (ex instanceof ToolException || ex instanceof IOException || ex instanceof SnapshotStoreException
                || ex instanceof TreeLoader.SnapshotLoadException || ex instanceof UncheckedIOException
                || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        return ex.toString();
    }
}
