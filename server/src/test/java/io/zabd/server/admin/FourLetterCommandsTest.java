package io.zabd.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: each four-letter word renders the given server state in ZooKeeper 3.9.5's exact text (values
 * checked here; the line/key structure is checked against a live ZooKeeper in
 * FourLetterWordsCompatTest), resets reach the server, and a server that is not serving says so.
 */
class FourLetterCommandsTest {
    @TempDir
    Path dir;
    private FakeServerState state;
    private FourLetterCommands commands;

    private String run(String word) throws Exception {
        if (commands == null) {
            state = state == null ? new FakeServerState() : state;
            Files.createDirectories(dir.resolve("data/version-2"));
            Files.write(dir.resolve("data/version-2/snap.1"), new byte[123]);
            Files.createDirectories(dir.resolve("log"));
            Files.write(dir.resolve("log/log.1"), new byte[4567]);
            ServerConfig config = ZooCfgParser.parseText("tickTime=2000\ndataDir=" + dir.resolve("data")
                    + "\ndataLogDir=" + dir.resolve("log") + "\nclientPort=2181\n");
            commands = new FourLetterCommands(state, config, () -> 36117);
        }
        return commands.execute(word).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (commands != null) {
            commands.close();
        }
    }

    @Test
    void srvrPrintsTheServerFigures() throws Exception {
        assertEquals("Zookeeper version: " + FakeServerState.VERSION + "\n"
                + "Latency min/avg/max: 1/2.3333/7\nReceived: 13\nSent: 12\nConnections: 3\nOutstanding: 0\n"
                + "Zxid: 0x5\nMode: standalone\nNode count: 8\n", run("srvr"));
    }

    @Test
    void statAddsTheClientsBriefly() throws Exception {
        String stat = run("stat");
        assertTrue(stat.startsWith("Zookeeper version: " + FakeServerState.VERSION + "\nClients:\n"
                + " /127.0.0.1:53706[0](queued=0,recved=1,sent=0)\n"
                + " /127.0.0.1:53642[1](queued=0,recved=5,sent=5)\n"
                + " /127.0.0.1:53654[1](queued=0,recved=4,sent=4)\n\nLatency min/avg/max: 1/2.3333/7\n"), stat);
        assertTrue(stat.endsWith("Mode: standalone\nNode count: 8\n"), stat);
    }

    @Test
    void consPrintsEverySessionField() throws Exception {
        assertEquals(" /127.0.0.1:53706[0](queued=0,recved=1,sent=0)\n"
                + " /127.0.0.1:53642[1](queued=0,recved=5,sent=5,sid=0x1000,lop=EXIS,est=1795786301211,to=10000,"
                + "lcxid=0x4,lzxid=0x5,lresp=1941930,llat=0,minlat=0,avglat=3,maxlat=6)\n"
                + " /127.0.0.1:53654[1](queued=0,recved=4,sent=4,sid=0x1001,lop=GETC,est=1795786301226,to=10000,"
                + "lcxid=0x3,lzxid=0x5,lresp=1941929,llat=1,minlat=0,avglat=1,maxlat=2)\n\n", run("cons"));
    }

    @Test
    void watchCommands() throws Exception {
        assertEquals("2 connections watching 2 paths\nTotal watches:3\n", run("wchs"));
        assertEquals("0x1000\n\t/a\n\t/b\n0x1001\n\t/a\n\n", run("wchc"));
        assertEquals("/a\n\t0x1000\n\t0x1001\n/b\n\t0x1000\n\n", run("wchp"));
    }

    @Test
    void dumpListsSessionBucketsAndEphemerals() throws Exception {
        String expiry = new java.util.Date(1_795_786_311_000L).toString();
        assertEquals("SessionTracker dump:\nSession Sets (1)/(2):\n2 expire at " + expiry + ":\n\t0x1001\n\t0x1000\n"
                + "ephemeral nodes dump:\nSessions with Ephemerals (2):\n0x1000:\n\t/a/e\n0x1001:\n\t/b\n"
                + "Connections dump:\n", run("dump"));
    }

    @Test
    void confAndDirsReadTheConfigurationAndTheDisk() throws Exception {
        assertEquals("clientPort=36117\nsecureClientPort=-1\ndataDir=" + dir.resolve("data") + "\ndataDirSize=123\n"
                + "dataLogDir=" + dir.resolve("log") + "\ndataLogSize=4567\ntickTime=2000\nmaxClientCnxns=60\n"
                + "minSessionTimeout=4000\nmaxSessionTimeout=40000\nclientPortListenBacklog=-1\nserverId=0\n",
                run("conf"));
        assertEquals("datadir_size: 123\nlogdir_size: 4567\n", run("dirs"));
    }

    @Test
    void enviListsZooKeepersKeysInOrder() throws Exception {
        List<String> keys = Arrays.stream(run("envi").split("\n")).map(l -> l.contains("=") ? l.substring(0, l.indexOf('=')) : l)
                .toList();
        assertEquals(List.of("Environment:", "zookeeper.version", "host.name", "java.version", "java.vendor",
                "java.home", "java.class.path", "java.library.path", "java.io.tmpdir", "java.compiler", "os.name",
                "os.arch", "os.version", "user.name", "user.home", "user.dir", "os.memory.free", "os.memory.max",
                "os.memory.total"), keys);
    }

    @Test
    void mntrHasEveryZooKeeperKeyInOrderAndTheServersExtras() throws Exception {
        state = new FakeServerState();
        new Summary(4, 10, 1, 5, 2, 5, 5, 5).putInto(state.metrics, "readlatency", true);
        state.metrics.put("snap_count", 7L);
        state.metrics.put("synced_followers", 2L);
        List<String> lines = Arrays.asList(run("mntr").split("\n"));
        assertEquals("zk_version\t" + FakeServerState.VERSION, lines.get(0));
        assertEquals("zk_server_state\tstandalone", lines.get(1));
        List<String> names = MntrValues.zooKeeperKeyNames();
        for (int i = 0; i < names.size(); i++) {
            assertTrue(lines.get(i + 2).startsWith("zk_" + names.get(i) + "\t"), lines.get(i + 2));
        }
        assertEquals("zk_synced_followers\t2", lines.get(names.size() + 2), "extras after ZooKeeper's keys");
        assertEquals(names.size() + 3, lines.size());
        assertTrue(lines.contains("zk_avg_latency\t2.3333"));
        assertTrue(lines.contains("zk_znode_count\t8"));
        assertTrue(lines.contains("zk_avg_readlatency\t2.5"));
        assertTrue(lines.contains("zk_p99_readlatency\t5"));
        assertTrue(lines.contains("zk_snap_count\t7"));
        assertTrue(lines.contains("zk_avg_fsynctime\t0.0"), "untracked summaries print 0.0 averages");
        assertTrue(lines.contains("zk_cnt_fsynctime\t0"));
    }

    @Test
    void resetsReachTheServer() throws Exception {
        assertEquals("Connection stats reset.\n", run("crst"));
        assertEquals("Server stats reset.\n", run("srst"));
        assertEquals(1, state.connectionResets.get());
        assertEquals(1, state.serverResets.get());
    }

    @Test
    void statelessWords() throws Exception {
        assertEquals("imok", run("ruok"));
        assertEquals("rw", run("isro"));
        assertEquals("306", run("gtmk"));
        assertEquals("", run("hash"));
        state.digests.add(new ServerState.ZxidDigest(0x1f, 1234567));
        assertEquals("1f:1234567\n", run("hash"));
        assertNull(run("stmk"), "not implemented: the transport answers so");
    }

    @Test
    void aServerThatIsNotServingSaysSo() throws Exception {
        state = new FakeServerState();
        state.serving = false;
        for (String word : List.of("srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "dirs", "wchs", "wchc",
                "wchp", "dump")) {
            assertEquals(FourLetterFormat.NOT_SERVING, run(word), word);
        }
        assertEquals("null", run("isro"));
        assertEquals("imok", run("ruok"));
        assertEquals(0, state.serverResets.get());
    }

    @Test
    void readOnlyModeShowsInIsroAndStat() throws Exception {
        state = new FakeServerState();
        state.mode = ServerMode.READ_ONLY;
        assertEquals("ro", run("isro"));
        assertTrue(run("srvr").contains("\nREAD-ONLY mode; serving only read-only clients\n"));
        assertTrue(run("srvr").contains("\nMode: read-only\n"));
    }
}
