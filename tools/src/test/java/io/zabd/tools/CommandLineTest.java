package io.zabd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: every command has --help (exit 0, exit codes listed where they matter); usage errors exit 2, I/O errors 3. */
class CommandLineTest {
    static final List<List<String>> COMMANDS = List.of(List.of(), List.of("log"), List.of("log", "list"),
            List.of("log", "dump"), List.of("log", "stats"), List.of("log", "verify"), List.of("log", "recover"),
            List.of("log", "chop"), List.of("snapshot"), List.of("snapshot", "list"), List.of("snapshot", "dump"),
            List.of("snapshot", "summary"), List.of("snapshot", "diff"), List.of("snapshot", "verify"), List.of("state"),
            List.of("import"), List.of("import", "zookeeper"), List.of("export"), List.of("export", "zookeeper"));

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : COMMANDS) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            Tools.Result r = Tools.run(args.toArray(String[]::new));
            assertEquals(Exit.OK, r.exit(), args + ": " + r);
            assertTrue(r.out().startsWith("Usage: zabd-tools"), args + ": " + r.out());
        }
        assertTrue(Tools.run("--help").out().contains("Exit codes:"));
    }

    @Test
    void usageErrorsExit2AndIoErrorsExit3(@TempDir Path dir) {
        assertEquals(Exit.USAGE, Tools.run().exit());
        assertEquals(Exit.USAGE, Tools.run("nosuch").exit());
        assertEquals(Exit.USAGE, Tools.run("log").exit());
        assertEquals(Exit.USAGE, Tools.run("log", "verify").exit());
        assertEquals(Exit.USAGE, Tools.run("state", "--data-dir", dir.toString()).exit());
        assertEquals(Exit.USAGE, Tools.run("log", "recover", dir.toString()).exit(), "--out or --dry-run");
        Tools.Result missing = Tools.run("log", "verify", dir.resolve("absent").toString());
        assertEquals(Exit.IO, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: no such log directory"), missing.err());
        Tools.Result noStore = Tools.run("snapshot", "list", dir.toString());
        assertEquals(Exit.IO, noStore.exit(), noStore.toString());
        assertTrue(noStore.err().startsWith("error: no snapshot store in"), noStore.err());
    }
}
