package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.TxnHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the log reader handles the cases a test server does not produce on demand: pre-3.3
 * CreateTxnV0 records, entries without a TxnDigest, a zero-filled tail, an empty file, a bad magic.
 */
class ZkTxnLogReaderTest {

    private static byte[] entry(byte[] body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Adler32 adler = new Adler32();
        adler.update(body);
        out.writeLong(adler.getValue());
        out.writeInt(body.length);
        out.write(body);
        out.writeByte(0x42);
        return bytes.toByteArray();
    }

    private static byte[] header(int magic) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(2);
        out.writeLong(0);
        return bytes.toByteArray();
    }

    /** A pre-3.3 create: CreateTxnV0 has no parentCVersion. */
    private static byte[] createV0(long zxid, String path) {
        JuteWriter w = new JuteWriter();
        TxnCodec.encodeHeader(new TxnHeader(5, 1, zxid, 1000, OpCode.CREATE), w);
        w.writeString(path).writeBuffer(new byte[] {1});
        TxnCodec.writeAcls(Acl.OPEN_ACL_UNSAFE, w);
        w.writeBool(false);
        return w.toByteArray(0);
    }

    @Test
    void readsV0CreatesAndDigestlessEntriesUpToTheZeroTail(@TempDir Path dir) throws Exception {
        Txn setData = new Txn(new TxnHeader(5, 2, 2, 2000, OpCode.SET_DATA), new TxnBody.SetData("/a", new byte[] {2}, 1));
        Path log = dir.resolve(ZkFiles.logName(1));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header(ZkTxnLogReader.LOG_MAGIC));
        file.write(entry(createV0(1, "/a")));
        file.write(entry(TxnCodec.toBytes(setData)));
        file.write(new byte[4096]); // preallocated zeros
        Files.write(log, file.toByteArray());

        try (ZkTxnLogReader r = ZkTxnLogReader.open(log, ZkLimits.DEFAULT)) {
            ZkLogEntry first = r.next();
            assertEquals(new TxnBody.Create("/a", new byte[] {1}, Acl.OPEN_ACL_UNSAFE, false, -1), first.txn().body());
            assertTrue(first.digest().isEmpty());
            ZkLogEntry second = r.next();
            assertEquals(setData, second.txn());
            assertNull(r.next());
            assertEquals(ZkTxnLogReader.End.CLEAN, r.end());
        }

        // parentCVersion -1 means "parent's cversion + 1", as ZooKeeper applies it
        SimpleReplayTree tree = new SimpleReplayTree(List.of(new io.zabd.engine.tree.NodeImage("/", new byte[0], -1,
                new io.zabd.engine.tree.StatPersisted(0, 0, 0, 0, 0, 4, 0, 0, 0))), java.util.Map.of());
        ZkTxnLogs.replay(dir, 0, ZkLimits.DEFAULT, e -> tree.apply(e.txn()));
        assertEquals(5, tree.nodes().get("/").stat().cversion());
        assertEquals(1, tree.nodes().get("/a").stat().version());
    }

    @Test
    void emptyFileHasNoEntriesAndBadMagicIsAnError(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("log.1"));
        try (ZkTxnLogReader r = ZkTxnLogReader.open(empty, ZkLimits.DEFAULT)) {
            assertNull(r.next());
            assertEquals(ZkTxnLogReader.End.CLEAN, r.end());
        }
        Path bad = dir.resolve("log.2");
        Files.write(bad, header(0x12345678));
        ZkFormatException e = assertThrows(ZkFormatException.class, () -> ZkTxnLogReader.open(bad, ZkLimits.DEFAULT));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void overLimitLengthIsAnError(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.1");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header(ZkTxnLogReader.LOG_MAGIC));
        file.write(entry(new byte[2048]));
        Files.write(log, file.toByteArray());
        try (ZkTxnLogReader r = ZkTxnLogReader.open(log, new ZkLimits(1024, 1000))) {
            ZkFormatException e = assertThrows(ZkFormatException.class, r::next);
            assertEquals(16 + 8, e.offset());
        }
    }
}
