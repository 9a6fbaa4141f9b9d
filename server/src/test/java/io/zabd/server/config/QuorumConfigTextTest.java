package io.zabd.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: /zookeeper/config text is ZooKeeper 3.9's QuorumMaj form for every kind of server.N entry. */
class QuorumConfigTextTest {
    @Test
    void participantsObserversClientAddressesAndIpv6(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "2");
        ServerConfig c = ZooCfgParser.parseText("dataDir=" + dir + "\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n"
                + "server.1=zk1:2888:3888\n"
                + "server.2=zk2:2888:3888:participant;2182\n"
                + "server.3=[::1]:2890:3890;[::1]:2183\n"
                + "server.4=zk4:2891:3891:observer;10.0.0.4:2184\n");
        assertEquals("server.1=zk1:2888:3888:participant\n"
                + "server.2=zk2:2888:3888:participant;0.0.0.0:2182\n"
                + "server.3=[::1]:2890:3890:participant;[::1]:2183\n"
                + "server.4=zk4:2891:3891:observer;10.0.0.4:2184\n"
                + "version=0", QuorumConfigText.of(c.servers(), QuorumConfigText.STATIC_VERSION));
        assertEquals("server.1=zk1:2888:3888:participant\nversion=1a",
                QuorumConfigText.of(java.util.Map.of(1L, c.servers().get(1L)), 0x1a));
    }

    /** ZooKeeper's member map is a HashMap keyed by id: ids past its capacity come in hash order. */
    @Test
    void membersInHashMapOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "1");
        ServerConfig c = ZooCfgParser.parseText("dataDir=" + dir + "\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n"
                + "server.1=a:1:2\nserver.17=b:1:2\nserver.2=c:1:2\n");
        assertEquals("server.1=a:1:2:participant\nserver.17=b:1:2:participant\nserver.2=c:1:2:participant\nversion=0",
                QuorumConfigText.of(c.servers(), 0));
    }
}
