package io.zabd.tools.zk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Names and small files of an Apache ZooKeeper data directory:
 *
 * <pre>
 * dataDir/myid                        server id, ASCII decimal (first line)
 * dataDir/version-2/acceptedEpoch     ASCII decimal long
 * dataDir/version-2/currentEpoch      ASCII decimal long
 * dataDir/version-2/snapshot.&lt;hex zxid&gt;[.gz|.snappy]
 * dataLogDir/version-2/log.&lt;hex zxid of first txn&gt;
 * </pre>
 *
 * The hex zxid is lower-case and not zero-padded; the zxid is the second dot-separated field.
 */
public final class ZkFiles {
    public static final String VERSION_DIR = "version-2";
    public static final String SNAPSHOT_PREFIX = "snapshot";
    public static final String LOG_PREFIX = "log";
    public static final String ACCEPTED_EPOCH = "acceptedEpoch";
    public static final String CURRENT_EPOCH = "currentEpoch";
    public static final String MYID = "myid";

    private ZkFiles() {}

    /** How a snapshot file's bytes are wrapped, chosen by its last extension. */
    public enum Compression {
        NONE(""), GZIP(".gz"), SNAPPY(".snappy");

        private final String extension;

        Compression(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** ZooKeeper's rule: the last dot-field names the method; anything unknown means none. */
        public static Compression ofFileName(String name) {
            int dot = name.lastIndexOf('.');
            String last = dot < 0 ? "" : name.substring(dot + 1);
            if (last.equalsIgnoreCase("gz")) {
                return GZIP;
            }
            if (last.equalsIgnoreCase("snappy")) {
                return SNAPPY;
            }
            return NONE;
        }
    }

    /** {@code <dir>/version-2}. */
    public static Path versionDir(Path dir) {
        return dir.resolve(VERSION_DIR);
    }

    public static String snapshotName(long zxid, Compression compression) {
        return SNAPSHOT_PREFIX + "." + Long.toHexString(zxid) + compression.extension();
    }

    public static String logName(long zxid) {
        return LOG_PREFIX + "." + Long.toHexString(zxid);
    }

    /** The zxid in a file name with the given prefix, or -1 when the name is not of that kind. */
    public static long zxidFromName(String name, String prefix) {
        String[] parts = name.split("\\.");
        if (parts.length < 2 || !parts[0].equals(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(parts[1], 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Files in {@code dir} named {@code prefix.<hex>...}, sorted by zxid (ascending or descending). */
    public static List<Path> sortedByZxid(Path dir, String prefix, boolean ascending) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> zxidFromName(p.getFileName().toString(), prefix) >= 0 && Files.isRegularFile(p))
                    .forEach(out::add);
        }
        Comparator<Path> byZxid = Comparator.comparingLong(p -> zxidFromName(p.getFileName().toString(), prefix));
        out.sort(ascending ? byZxid : byZxid.reversed());
        return out;
    }

    /** Reads a text-long file (epoch files); empty if it does not exist. */
    public static OptionalLong readLongFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        String line = text.lines().findFirst().orElse("").trim();
        try {
            return OptionalLong.of(Long.parseLong(line));
        } catch (NumberFormatException e) {
            throw new ZkFormatException(file, 0, "expected a decimal long, found '" + line + "'");
        }
    }

    public static OptionalLong readAcceptedEpoch(Path dataDir) throws IOException {
        return readLongFile(versionDir(dataDir).resolve(ACCEPTED_EPOCH));
    }

    public static OptionalLong readCurrentEpoch(Path dataDir) throws IOException {
        return readLongFile(versionDir(dataDir).resolve(CURRENT_EPOCH));
    }

    public static OptionalLong readMyid(Path dataDir) throws IOException {
        return readLongFile(dataDir.resolve(MYID));
    }

    /** Writes a decimal long atomically (temp file, fsync, rename, fsync of the directory), as ZooKeeper's epoch files. */
    public static void writeLongFile(Path file, long value) throws IOException {
        writeAtomically(file, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes bytes to {@code file} via a fsync'd temp file and an atomic rename, then fsyncs the directory. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** Forces a directory's entries to disk (Linux allows opening a directory for read and forcing it). */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
