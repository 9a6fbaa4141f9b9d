package io.zabd.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Goal: zoo.cfg is read as ZooKeeper reads it, with ZooKeeper's defaults, and bad values stop start-up naming key and value. */
class ZooCfgParserTest {
    private static final String MINIMAL = "dataDir=/var/zabd\nclientPort=2181\n";

    private static ServerConfig parse(String text) throws ConfigException {
        return ZooCfgParser.parseText(text);
    }

    @Test
    void defaultsAreZooKeepers() throws Exception {
        ServerConfig c = parse(MINIMAL);
        assertEquals(3000, c.tickTimeMs());
        assertEquals(Path.of("/var/zabd"), c.dataDir());
        assertEquals(c.dataDir(), c.dataLogDir());
        assertEquals(new InetSocketAddress(2181), c.clientAddress());
        assertEquals(60, c.maxClientCnxns());
        assertEquals(0, c.maxCnxns());
        assertEquals(6000, c.minSessionTimeoutMs());
        assertEquals(60000, c.maxSessionTimeoutMs());
        assertEquals(1000, c.globalOutstandingLimit());
        assertEquals(65536, c.preAllocSizeKb());
        assertEquals(100_000, c.snapCount());
        assertEquals(4_194_304, c.snapSizeLimitKb());
        assertEquals(3, c.autopurgeSnapRetainCount());
        assertEquals(0, c.autopurgePurgeIntervalHours());
        assertFalse(c.autopurgeEnabled());
        assertTrue(c.forceSync());
        assertEquals(1_048_575, c.juteMaxBufferBytes());
        assertTrue(c.fourLetterWhitelist().allows("srvr"));
        assertFalse(c.fourLetterWhitelist().allows("ruok"));
        assertFalse(c.extendedTypesEnabled());
        assertEquals(60_000, c.containerCheckIntervalMs());
        assertNull(c.superDigest());
        assertFalse(c.auditEnabled());
        assertFalse(c.isQuorum());
        assertEquals(0, c.myid());
        assertEquals(List.of(), c.unknownKeys());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerConfig c = parse("""
                tickTime = 2000
                dataDir=/d
                dataLogDir=/l
                clientPort=2182
                clientPortAddress=127.0.0.1
                maxClientCnxns=0
                maxCnxns=500
                minSessionTimeout=3000
                maxSessionTimeout=90000
                globalOutstandingLimit=5000
                preAllocSize=16384
                snapCount=5000
                snapSizeLimitInKb=0
                autopurge.snapRetainCount=5
                autopurge.purgeInterval=24
                forceSync=no
                jute.maxbuffer=4194304
                4lw.commands.whitelist=ruok, MNTR ,stat
                extendedTypesEnabled=true
                znode.container.checkIntervalMs=1000
                superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=
                audit.enable=true
                """);
        assertEquals(2000, c.tickTimeMs());
        assertEquals(Path.of("/l"), c.dataLogDir());
        assertEquals(new InetSocketAddress("127.0.0.1", 2182), c.clientAddress());
        assertEquals(0, c.maxClientCnxns());
        assertEquals(500, c.maxCnxns());
        assertEquals(3000, c.minSessionTimeoutMs());
        assertEquals(90000, c.maxSessionTimeoutMs());
        assertEquals(5000, c.globalOutstandingLimit());
        assertEquals(16384, c.preAllocSizeKb());
        assertEquals(5000, c.snapCount());
        assertEquals(0, c.snapSizeLimitKb());
        assertEquals(5, c.autopurgeSnapRetainCount());
        assertEquals(24, c.autopurgePurgeIntervalHours());
        assertTrue(c.autopurgeEnabled());
        assertFalse(c.forceSync());
        assertEquals(4_194_304, c.juteMaxBufferBytes());
        assertTrue(c.fourLetterWhitelist().allows("ruok"));
        assertTrue(c.fourLetterWhitelist().allows("mntr"));
        assertTrue(c.fourLetterWhitelist().allows("srvr"), "srvr is always allowed");
        assertFalse(c.fourLetterWhitelist().allows("dump"));
        assertTrue(c.extendedTypesEnabled());
        assertEquals(1000, c.containerCheckIntervalMs());
        assertEquals("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", c.superDigest());
        assertTrue(c.auditEnabled());
        assertEquals(List.of(), c.unknownKeys());
    }

    @Test
    void sessionTimeoutDefaultsFollowTickTime() throws Exception {
        ServerConfig c = parse(MINIMAL + "tickTime=100\n");
        assertEquals(200, c.minSessionTimeoutMs());
        assertEquals(2000, c.maxSessionTimeoutMs());
    }

    @Test
    void whitelistStarAllowsEveryKnownWord() throws Exception {
        ServerConfig c = parse(MINIMAL + "4lw.commands.whitelist=*\n");
        for (String word : FourLetterWhitelist.KNOWN) {
            assertTrue(c.fourLetterWhitelist().allows(word), word);
        }
        assertFalse(c.fourLetterWhitelist().allows("nope"));
    }

    @Test
    void snapRetainCountBelowThreeBecomesThree() throws Exception {
        assertEquals(3, parse(MINIMAL + "autopurge.snapRetainCount=1\n").autopurgeSnapRetainCount());
    }

    @Test
    void unknownKeysAreWarnedNotFatal() throws Exception {
        ServerConfig c = parse(MINIMAL + "admin.serverPort=8080\nnoSuchKey=1\n");
        assertEquals(List.of("admin.serverPort", "noSuchKey"), c.unknownKeys());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "tickTime|0", "tickTime|abc", "tickTime|-5", "clientPort|0", "clientPort|70000", "clientPort|x",
        "maxClientCnxns|-1", "maxCnxns|-2", "maxCnxns|lots", "minSessionTimeout|0", "maxSessionTimeout|soon",
        "globalOutstandingLimit|0", "preAllocSize|-1", "preAllocSize|0", "preAllocSize|1048577", "snapCount|1", "snapCount|1e5", "snapSizeLimitInKb|4G",
        "autopurge.snapRetainCount|three", "autopurge.purgeInterval|1.5", "forceSync|maybe", "jute.maxbuffer|0",
        "jute.maxbuffer|0x100000", "extendedTypesEnabled|yes", "znode.container.checkIntervalMs|0",
        "superDigest|nocolon", "audit.enable|1", "localSessionsEnabled|yes", "localSessionsUpgradingEnabled|1", "clientPortAddress|no.such.host.invalid",
    })
    void invalidValueNamesKeyAndValue(String key, String value) {
        String text = "dataDir=/d\n" + (key.equals("clientPort") ? "" : "clientPort=2181\n") + key + "=" + value + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void missingDataDirOrClientPortIsFatal() {
        assertTrue(assertThrows(ConfigException.class, () -> parse("clientPort=2181\n")).getMessage().contains("dataDir"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("dataDir=/d\n")).getMessage().contains("clientPort"));
    }

    @Test
    void minSessionTimeoutAboveMaxIsFatal() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(MINIMAL + "minSessionTimeout=10000\nmaxSessionTimeout=5000\n"));
        assertTrue(e.getMessage().contains("minSessionTimeout"), e.getMessage());
    }

    @Test
    void ensembleEntriesAndMyid(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "2\n");
        ServerConfig c = parse("dataDir=" + dir + "\ninitLimit=10\nsyncLimit=5\n"
                + "server.1=zk1:2888:3888\n"
                + "server.2=zk2:2889:3889:participant;127.0.0.1:2182\n"
                + "server.3=[::1]:2890:3890:observer;2183\n");
        assertTrue(c.isQuorum());
        assertEquals(2, c.myid());
        assertEquals(10, c.initLimitTicks());
        assertEquals(5, c.syncLimitTicks());
        assertEquals(3, c.servers().size());
        QuorumServer s1 = c.servers().get(1L);
        assertEquals("zk1", s1.quorumAddress().getHostString());
        assertEquals(2888, s1.quorumAddress().getPort());
        assertEquals(3888, s1.electionAddress().getPort());
        assertFalse(s1.observer());
        assertNull(s1.clientAddress());
        QuorumServer s3 = c.servers().get(3L);
        assertTrue(s3.observer());
        assertEquals("::1", s3.quorumAddress().getHostString());
        assertEquals(2183, s3.clientAddress().getPort());
        assertEquals(2182, c.clientAddress().getPort(), "client port comes from our own server entry");
        assertEquals("127.0.0.1", c.clientAddress().getHostString());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "server.1 => zk1:2888", "server.1 => zk1:2888:3888:leader", "server.1 => zk1:0:3888", "server.1 => :2888:3888",
        "server.1 => zk1:2888:3888;a;b", "server.1 => zk1:2888:3888|zk2:2888:3888", "server.x => zk1:2888:3888",
        "server.0 => zk1:2888:3888", "server.1 => [::1:2888:3888",
    })
    void badServerEntriesAreFatal(String key, String value, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "1");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("dataDir=" + dir + "\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n" + key + "=" + value + "\n"));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    /**
     * Goal: preAllocSize is ZooKeeper's KB; a small value (1024 KB, below one full-size record plus
     * framing) is accepted by standalone and ensemble alike and raised to hold a few records.
     */
    @Test
    void smallPreAllocSizeIsRaisedForStandaloneAndEnsemble(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "1");
        String standalone = "dataDir=" + dir + "\nclientPort=2181\npreAllocSize=1024\n";
        String ensemble = standalone + "initLimit=5\nsyncLimit=2\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\n";
        for (String text : List.of(standalone, ensemble)) {
            ServerConfig c = parse(text);
            assertEquals(1024, c.preAllocSizeKb());
            int record = c.juteMaxBufferBytes() + 1024;
            assertEquals(ServerConfig.LOG_SEGMENT_RECORDS_MIN * (long) record, c.logSegmentBytes(record));
        }
        ServerConfig big = parse("dataDir=" + dir + "\nclientPort=2181\npreAllocSize=1048576\n");
        assertEquals(1L << 30, big.logSegmentBytes(big.juteMaxBufferBytes() + 1024));
    }

    /** Goal: ZooKeeper's local-session keys are accepted (not unknown) on standalone and ensemble; sessions stay global. */
    @Test
    void localSessionKeysAreAccepted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "1");
        String keys = "localSessionsEnabled=true\nlocalSessionsUpgradingEnabled=true\n";
        String standalone = "dataDir=" + dir + "\nclientPort=2181\n" + keys;
        String ensemble = standalone + "initLimit=5\nsyncLimit=2\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\n";
        for (String text : List.of(standalone, ensemble)) {
            assertEquals(List.of(), parse(text).unknownKeys());
        }
    }

    @Test
    void ensembleNeedsMyidLimitsAndOwnEntry(@TempDir Path dir) throws Exception {
        String servers = "dataDir=" + dir + "\nclientPort=2181\nserver.1=a:1:2\nserver.2=b:1:2\n";
        assertTrue(assertThrows(ConfigException.class, () -> parse(servers + "initLimit=5\nsyncLimit=2\n"))
                .getMessage().contains("myid file is missing"));
        Files.writeString(dir.resolve("myid"), "7");
        assertTrue(assertThrows(ConfigException.class, () -> parse(servers + "initLimit=5\nsyncLimit=2\n"))
                .getMessage().contains("server.7"));
        Files.writeString(dir.resolve("myid"), "one");
        assertTrue(assertThrows(ConfigException.class, () -> parse(servers + "initLimit=5\nsyncLimit=2\n"))
                .getMessage().contains("'one'"));
        Files.writeString(dir.resolve("myid"), "1");
        assertTrue(assertThrows(ConfigException.class, () -> parse(servers + "syncLimit=2\n"))
                .getMessage().contains("initLimit"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(servers + "initLimit=2\n"))
                .getMessage().contains("syncLimit"));
    }

    @Test
    void sampleConfigParses(@TempDir Path dir) throws Exception {
        Path sample = Path.of("..", "src", "conf", "zoo.cfg");
        ServerConfig c = ZooCfgParser.parse(sample);
        assertEquals(List.of(), c.unknownKeys());
        assertTrue(c.clientAddress().getPort() > 0);
        assertThrows(ConfigException.class, () -> ZooCfgParser.parse(dir.resolve("absent.cfg")));
    }
}
