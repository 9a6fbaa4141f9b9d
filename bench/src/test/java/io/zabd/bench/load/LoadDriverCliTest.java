package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line refuses bad settings with exit status 2 and a message naming the setting. */
class LoadDriverCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        LoadDriver.Environment env = new LoadDriver.Environment(Path.of(System.getProperty("java.home")),
                System.getProperty("java.class.path"), ProcessHandle.current().pid(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return LoadDriver.execute(env, args);
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runNeedsExactlyOneTarget() {
        assertEquals(LoadDriver.EXIT_USAGE, execute("run", "--workload", "getData"));
        assertTrue(errText().contains("exactly one of --connect and --system"), errText());
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingStarts() {
        assertEquals(LoadDriver.EXIT_USAGE, execute("compare", "--rounds", "0"));
        assertTrue(errText().contains("rounds must be in [1, 100]"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("compare", "--systems", "etcd"));
        assertTrue(errText().contains("unknown system 'etcd'"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("run", "--connect", "127.0.0.1:1", "--workload", "scan"));
        assertTrue(errText().contains("unknown workload 'scan'"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("run", "--connect", "127.0.0.1:1", "--read-share", "1.5",
                "--workload", "mixed"));
        assertTrue(errText().contains("read share must be in [0, 1]"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("run", "--connect", "127.0.0.1:1", "--measure", "soon"));
        assertTrue(errText().contains("not a duration: 'soon'"), errText());
    }

    @Test
    void snapshotImpactRefusesBadSettingsBeforeAnythingStarts() {
        assertEquals(LoadDriver.EXIT_USAGE, execute("snapshot-impact", "--prefill-batch", "100000"));
        assertTrue(errText().contains("makes a multi above 1000000 bytes"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("snapshot-impact", "--rounds", "0"));
        assertTrue(errText().contains("--rounds in [1, 100]"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("snapshot-impact", "--systems", "etcd"));
        assertTrue(errText().contains("unknown system 'etcd'"), errText());
        assertEquals(LoadDriver.EXIT_USAGE, execute("snapshot-impact", "--rate", "0"));
        assertTrue(errText().contains("--rate must be > 0"), errText());
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(LoadDriver.EXIT_OK, execute("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("run") && help.contains("compare") && help.contains("snapshot-impact"), help);
    }
}
