package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: SIGTERM shuts a zabd process down cleanly: writes acknowledged up to the signal are on disk
 * after a restart, and the process exits on its own (shutdown hook) rather than being killed.
 */
class SigtermTest {
    @Test
    void sigtermShutsDownCleanly(@TempDir Path dir) throws Exception {
        try (ProcessTarget server = ProcessTarget.start(dir, TargetOptions.DEFAULTS)) {
            List<CompletableFuture<String>> acks = new ArrayList<>();
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                for (int i = 0; i < 100; i++) {
                    CompletableFuture<String> ack = new CompletableFuture<>();
                    zk.create("/t" + i, new byte[] {(byte) i}, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                            (rc, p, c, name) -> ack.complete(rc == 0 ? name : null), null);
                    acks.add(ack);
                }
                for (CompletableFuture<String> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }
            int status = server.terminate();
            assertNotEquals(137, status, "exited by itself, not killed");
            server.restart();
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                for (int i = 0; i < 100; i++) {
                    assertEquals("/t" + i, acks.get(i).get());
                    assertArrayEquals(new byte[] {(byte) i}, zk.getData("/t" + i, false, null));
                }
            }
        }
    }
}
