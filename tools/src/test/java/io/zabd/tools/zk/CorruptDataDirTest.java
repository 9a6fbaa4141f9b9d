package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: damage in a real ZooKeeper data directory is either reported clearly (file, offset, what
 * broke) or handled the way ZooKeeper handles it: a bad snapshot seal is an error for that file and
 * the directory falls back to the previous snapshot; a CRC mismatch in a log entry is an error
 * naming the zxid; a log cut inside its last entry is a partial last transaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptDataDirTest {
    private Produced original;
    private ZkState intact;

    @BeforeAll
    void produce(@TempDir Path produced) throws Exception {
        original = Produced.run(produced, SnapStream.StreamMode.CHECKED);
        intact = ZooKeeperDataDir.open(original.dataDir(), original.dataLogDir());
    }

    private Produced copy(Path into) throws IOException {
        copyTree(original.dataDir(), into.resolve("data"));
        copyTree(original.dataLogDir(), into.resolve("datalog"));
        return new Produced(into.resolve("data"), into.resolve("datalog"), original.expected(), original.sessions());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }

    private static long indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Path newestSnapshot(Produced p) throws IOException {
        return ZkFiles.sortedByZxid(ZkFiles.versionDir(p.dataDir()), ZkFiles.SNAPSHOT_PREFIX, false).get(0);
    }

    @Test
    void flippedByteInSnapshotFailsItsSealAndOpenFallsBackToTheOlderOne(@TempDir Path dir) throws Exception {
        Produced p = copy(dir);
        Path snap = newestSnapshot(p);
        long at = indexOf(Files.readAllBytes(snap), Workload.MARKER.getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0, "marker node data is in the newest snapshot");
        flipByte(snap, at + 3);

        ZkFormatException e = assertThrows(ZkFormatException.class, () -> new ZkSnapshotReader().read(snap));
        assertEquals(snap, e.file());
        assertTrue(e.getMessage().contains("seal after tree does not match"), e.getMessage());
        assertTrue(e.getMessage().contains(snap.getFileName().toString()) && e.getMessage().contains("offset"), e.getMessage());

        ZkState state = ZooKeeperDataDir.open(p.dataDir(), p.dataLogDir());
        assertEquals(1, state.skippedSnapshots().size(), state.skippedSnapshots().toString());
        assertTrue(state.snapshotZxid() < intact.snapshotZxid());
        TreeAssertions.assertSameTree(original.expected(), state);
        assertEquals(List.of(), state.digestMismatches());
    }

    @Test
    void truncatedSnapshotIsAClearError(@TempDir Path dir) throws Exception {
        Produced p = copy(dir);
        Path snap = newestSnapshot(p);
        long cut = Files.size(snap) / 2;
        try (RandomAccessFile f = new RandomAccessFile(snap.toFile(), "rw")) {
            f.setLength(cut);
        }
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> new ZkSnapshotReader().read(snap));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.offset() <= cut && e.offset() > cut - 200_000, "offset near the cut: " + e.offset());
    }

    /** Every entry of every log file, in order. */
    private static List<ZkLogEntry> entries(Path logVersionDir) throws IOException {
        List<ZkLogEntry> all = new ArrayList<>();
        ZkTxnLogs.replay(logVersionDir, -1, ZkLimits.DEFAULT, all::add);
        return all;
    }

    @Test
    void crcMismatchInALogEntryNamesFileOffsetAndZxid(@TempDir Path dir) throws Exception {
        Produced p = copy(dir);
        Path logDir = ZkFiles.versionDir(p.dataLogDir());
        List<ZkLogEntry> all = entries(logDir);
        ZkLogEntry victim = all.get(all.size() - 3);
        flipByte(victim.file(), victim.offset() + 8 + 4 + 40); // inside the record, after the TxnHeader

        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZooKeeperDataDir.open(p.dataDir(), p.dataLogDir()));
        assertEquals(victim.file(), e.file());
        assertEquals(victim.offset(), e.offset());
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(victim.zxid())), e.getMessage());
    }

    @Test
    void logCutInsideItsLastEntryIsAPartialLastTransaction(@TempDir Path dir) throws Exception {
        Produced p = copy(dir);
        Path logDir = ZkFiles.versionDir(p.dataLogDir());
        List<ZkLogEntry> all = entries(logDir);
        ZkLogEntry last = all.get(all.size() - 1);
        ZkLogEntry before = all.get(all.size() - 2);
        assertEquals(intact.lastZxid(), last.zxid());
        try (RandomAccessFile f = new RandomAccessFile(last.file().toFile(), "rw")) {
            f.setLength(last.offset() + 20);
        }

        ZkState state = ZooKeeperDataDir.open(p.dataDir(), p.dataLogDir());
        assertEquals(List.of(new ZkTxnLogs.PartialTail(last.file(), last.offset())), state.partialTails());
        assertEquals(Math.max(before.zxid(), state.snapshotZxid()), state.lastZxid());
        assertEquals(List.of(), state.digestMismatches());
    }

    @Test
    void missingEntryTerminatorIsAPartialLastTransaction(@TempDir Path dir) throws Exception {
        Produced p = copy(dir);
        List<ZkLogEntry> all = entries(ZkFiles.versionDir(p.dataLogDir()));
        ZkLogEntry last = all.get(all.size() - 1);
        long terminatorAt;
        try (ZkTxnLogReader r = ZkTxnLogReader.open(last.file(), ZkLimits.DEFAULT)) {
            ZkLogEntry e;
            while ((e = r.next()) != null && e.zxid() != last.zxid()) {
                // skip to the last entry
            }
            assertEquals(ZkTxnLogReader.End.NONE, r.end());
            r.next();
            terminatorAt = r.endOffset() - 1;
        }
        flipByte(last.file(), terminatorAt);
        try (ZkTxnLogReader r = ZkTxnLogReader.open(last.file(), ZkLimits.DEFAULT)) {
            ZkLogEntry e;
            long lastRead = -1;
            while ((e = r.next()) != null) {
                lastRead = e.zxid();
            }
            assertEquals(ZkTxnLogReader.End.PARTIAL, r.end());
            assertTrue(lastRead < last.zxid());
        }
    }
}
