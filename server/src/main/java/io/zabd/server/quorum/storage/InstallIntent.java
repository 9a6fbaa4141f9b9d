package io.zabd.server.quorum.storage;

import io.zabd.server.zab.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The intent file that makes a SNAP install atomic across crashes ({@code <dataDir>/zab-install}).
 * Layout (big-endian): {@code long magic 0x5A4142445F534E50 ("ZABD_SNP"), long snapshotZxid, int count,
 * count x (long zxid, int length, length bytes txn), long crc32c} where the CRC covers every byte
 * before it. Written to {@code zab-install.tmp}, fsync'd, renamed, directory fsync'd: it exists
 * whole or not at all.
 *
 * <p>Install order: intent durable, then the full snapshot written to the store, then the log
 * replaced by the intent's proposals, then the intent deleted. Recovery: an intent whose
 * snapshotZxid equals the store's lastZxid means the store was switched, so the log replacement is
 * redone; otherwise the store was not switched and the intent is dropped (old state kept).
 */
record InstallIntent(long snapshotZxid, List<LogEntry> entries) {
    static final String FILE = "zab-install";
    static final String TMP = "zab-install.tmp";
    private static final long MAGIC = 0x5A4142445F534E50L;

    void write(Path dataDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(MAGIC);
        out.writeLong(snapshotZxid);
        out.writeInt(entries.size());
        for (LogEntry e : entries) {
            out.writeLong(e.zxid());
            out.writeInt(e.txn().length);
            out.write(e.txn());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        Path tmp = dataDir.resolve(TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dataDir);
    }

    /** The intent in {@code dataDir}, or null; a leftover tmp file is deleted. */
    static InstallIntent read(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(TMP));
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 28) {
            throw new IOException(file + ": intent file of " + all.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IOException(file + ": intent file CRC mismatch");
        }
        try (InputStream raw = new java.io.ByteArrayInputStream(all, 0, all.length - 8);
             DataInputStream in = new DataInputStream(raw)) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + ": bad magic");
            }
            long zxid = in.readLong();
            int count = in.readInt();
            List<LogEntry> entries = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
            for (int i = 0; i < count; i++) {
                long z = in.readLong();
                int n = in.readInt();
                byte[] txn = new byte[n];
                in.readFully(txn);
                entries.add(new LogEntry(z, txn));
            }
            return new InstallIntent(zxid, entries);
        }
    }

    static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
        forceDirectory(dataDir);
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
