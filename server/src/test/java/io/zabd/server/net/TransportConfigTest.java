package io.zabd.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.config.FourLetterWhitelist;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Goal: the transport takes its limits from zoo.cfg and refuses nonsensical ones; 4lw codes are ZooKeeper's. */
class TransportConfigTest {
    @Test
    void fromServerConfig() throws Exception {
        ServerConfig c = ZooCfgParser.parseText("dataDir=/d\nclientPort=2281\nclientPortAddress=127.0.0.1\n"
                + "maxClientCnxns=7\nmaxCnxns=9\njute.maxbuffer=2048\n4lw.commands.whitelist=ruok\n");
        TransportConfig t = TransportConfig.from(c);
        assertEquals(new InetSocketAddress("127.0.0.1", 2281), t.bindAddress());
        assertEquals(7, t.maxClientCnxns());
        assertEquals(9, t.maxCnxns());
        assertEquals(2048, t.maxFrameBytes());
        assertTrue(t.whitelist().allows("ruok"));
        assertTrue(t.ioThreads() >= 1);
    }

    @Test
    void rejectsNonsense() {
        InetSocketAddress a = new InetSocketAddress(0);
        FourLetterWhitelist w = FourLetterWhitelist.defaults();
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(a, -1, 0, 10, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(a, 0, -1, 10, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(a, 0, 0, 0, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig(a, 0, 0, 10, w, 0));
    }

    @Test
    void fourLetterWordCodesMatchZooKeeper() {
        assertEquals(org.apache.zookeeper.server.command.FourLetterCommands.ruokCmd, FourLetterWords.code("ruok"));
        assertEquals(org.apache.zookeeper.server.command.FourLetterCommands.mntrCmd, FourLetterWords.code("mntr"));
        for (String word : FourLetterWhitelist.KNOWN) {
            assertTrue(org.apache.zookeeper.server.command.FourLetterCommands.isKnown(FourLetterWords.code(word)), word);
            assertEquals(word, FourLetterWords.wordFor(FourLetterWords.code(word)));
        }
        assertEquals(null, FourLetterWords.wordFor(1195725856));
    }
}
