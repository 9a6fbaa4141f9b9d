package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the four-letter words of a real zabd server (not a fake state) report its live sessions,
 * connections, watches, ephemerals and zxid.
 */
class ZabdFourLetterWordsTest {
    @Test
    void wordsReportTheLiveServer(@TempDir Path dir) throws Exception {
        try (TargetServer server = ZabdTarget.start(dir, new TargetOptions(false, true));
                ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.exists("/watched", true);
            String session = "0x" + Long.toHexString(zk.getSessionId());
            String stat = Clients.fourLetterWord(server.clientAddress(), "stat");
            assertTrue(stat.contains("Mode: standalone"), stat);
            assertTrue(stat.contains("Node count: 6"), stat); // as ZooKeeper: 5 nodes plus its root alias
            String cons = Clients.fourLetterWord(server.clientAddress(), "cons");
            assertTrue(cons.contains("sid=" + session), cons);
            // the last request of the session was exists: ZooKeeper's lop code for it, and a reply time
            assertTrue(cons.contains("lop=EXIS"), cons);
            assertTrue(!cons.contains("lresp=0,"), "the last response time is recorded: " + cons);
            String wchc = Clients.fourLetterWord(server.clientAddress(), "wchc");
            assertTrue(wchc.contains(session) && wchc.contains("/watched"), wchc);
            String dump = Clients.fourLetterWord(server.clientAddress(), "dump");
            assertTrue(dump.contains(session) && dump.contains("/eph"), dump);
            String mntr = Clients.fourLetterWord(server.clientAddress(), "mntr");
            assertTrue(mntr.contains("zk_ephemerals_count\t1"), mntr);
            assertTrue(mntr.contains("zk_watch_count\t1"), mntr);
        }
    }
}
