package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: file names, epoch files and myid follow ZooKeeper's conventions, and log files are chosen as ZooKeeper chooses them. */
class ZkFilesTest {

    @Test
    void namesCarryUnpaddedHexZxidAndCompressionByLastExtension() {
        assertEquals("snapshot.1a2b", ZkFiles.snapshotName(0x1a2b, ZkFiles.Compression.NONE));
        assertEquals("snapshot.100000003.gz", ZkFiles.snapshotName(0x1_0000_0003L, ZkFiles.Compression.GZIP));
        assertEquals("log.0", ZkFiles.logName(0));
        assertEquals(0x1a2bL, ZkFiles.zxidFromName("snapshot.1a2b.snappy", "snapshot"));
        assertEquals(-1, ZkFiles.zxidFromName("snapshot.xyz", "snapshot"));
        assertEquals(-1, ZkFiles.zxidFromName("log.12", "snapshot"));
        assertEquals(ZkFiles.Compression.SNAPPY, ZkFiles.Compression.ofFileName("snapshot.5.snappy"));
        assertEquals(ZkFiles.Compression.GZIP, ZkFiles.Compression.ofFileName("snapshot.5.gz"));
        assertEquals(ZkFiles.Compression.NONE, ZkFiles.Compression.ofFileName("snapshot.5"));
    }

    @Test
    void epochFilesAndMyidRoundTrip(@TempDir Path dataDir) throws Exception {
        assertEquals(OptionalLong.empty(), ZkFiles.readAcceptedEpoch(dataDir));
        Files.createDirectories(ZkFiles.versionDir(dataDir));
        ZkFiles.writeLongFile(ZkFiles.versionDir(dataDir).resolve(ZkFiles.ACCEPTED_EPOCH), 7);
        ZkFiles.writeLongFile(ZkFiles.versionDir(dataDir).resolve(ZkFiles.CURRENT_EPOCH), 6);
        assertEquals(OptionalLong.of(7), ZkFiles.readAcceptedEpoch(dataDir));
        assertEquals(OptionalLong.of(6), ZkFiles.readCurrentEpoch(dataDir));
        Files.writeString(dataDir.resolve("myid"), "3\n");
        assertEquals(OptionalLong.of(3), ZkFiles.readMyid(dataDir));
        Files.writeString(dataDir.resolve("myid"), "three");
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkFiles.readMyid(dataDir));
        assertEquals(dataDir.resolve("myid"), e.file());
    }

    @Test
    void logFilesForASnapshotStartAtTheNewestLogNotAfterIt(@TempDir Path dir) throws Exception {
        for (long start : new long[] {0x1, 0x40, 0x90, 0x100}) {
            Files.createFile(dir.resolve(ZkFiles.logName(start)));
        }
        Files.createFile(dir.resolve("snapshot.50"));
        assertEquals(List.of("log.40", "log.90", "log.100"), names(ZkTxnLogs.logFilesFor(dir, 0x50)));
        assertEquals(List.of("log.90", "log.100"), names(ZkTxnLogs.logFilesFor(dir, 0x90)));
        assertEquals(List.of("log.1", "log.40", "log.90", "log.100"), names(ZkTxnLogs.logFilesFor(dir, 0)));
        assertEquals(List.of("log.100"), names(ZkTxnLogs.logFilesFor(dir, 0x500)));
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}
