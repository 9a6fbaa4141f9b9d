package io.zabd.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: Main refuses bad input before starting anything, with a message naming the key and a non-zero status. */
class MainTest {
    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        assertEquals(expectedStatus, status);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void invalidValueNamesTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir + "\nclientPort=2181\ntickTime=soon\n");
        String err = run(Main.EXIT_USAGE, "--config", cfg.toString());
        assertTrue(err.contains("tickTime"), err);
    }

    @Test
    void missingFileAndBadArgumentsAreRefused(@TempDir Path dir) {
        assertTrue(run(Main.EXIT_USAGE, "--config", dir.resolve("none.cfg").toString()).contains("none.cfg"));
        assertTrue(run(Main.EXIT_USAGE, "--bogus").contains("usage"));
    }

    @Test
    void noArgumentsMeansTheSampleDefaults() throws Exception {
        ServerConfig c = Main.configFrom(new String[0]);
        assertEquals(2000, c.tickTimeMs());
        assertEquals(2181, c.clientAddress().getPort());
        assertEquals(Path.of("./zabd-data"), c.dataDir());
    }
}
