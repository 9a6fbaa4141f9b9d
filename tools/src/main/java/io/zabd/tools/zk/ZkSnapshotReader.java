package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.xerial.snappy.SnappyInputStream;

/**
 * Reads an Apache ZooKeeper snapshot file ({@code snapshot.<hex zxid>[.gz|.snappy]}). The grammar
 * (jute, big-endian), over the decompressed stream:
 *
 * <pre>
 * snapshot   = header sessions acltable node* end seal [digest seal] [lastZxid seal]
 * header     = int magic ("ZKSN" = 0x5a4b534e), int version (2), long dbid (-1)
 * sessions   = int count, count * (long sessionId, int timeoutMs)
 * acltable   = int count, count * (long ref, int n, n * (int perms, ustring scheme, ustring id))
 * node       = ustring path ("" for the root), buffer data, long aclRef, StatPersisted
 * StatPersisted = long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
 *                 int aversion, long ephemeralOwner, long pzxid
 * end        = ustring "/"
 * seal       = long adler32 of every byte before this long, ustring "/"
 * digest     = long zxid, int digestVersion, (digestVersion &lt; 2 ? ustring hex : long digest)
 * lastZxid   = long lastProcessedZxid
 * </pre>
 *
 * Every seal is checked. The two trailing sections are optional (older servers, digest disabled);
 * both are 33 and 21 bytes in the current version, so the reader tells them apart by the length of
 * what follows the first seal instead of guessing as ZooKeeper does.
 *
 * <p>The whole snapshot is returned in memory ({@link ZkSnapshot}); lengths and counts are bounded
 * by {@link ZkLimits}.
 */
public final class ZkSnapshotReader {
    public static final int SNAP_MAGIC = 0x5a4b534e; // "ZKSN"
    public static final int VERSION = 2;
    /** Bytes of a lastProcessedZxid section with its seal: long + long + ustring "/". */
    static final int LAST_ZXID_SECTION_BYTES = 8 + 8 + 4 + 1;
    /** The optional trailing sections never exceed this; more is corruption. */
    static final int TAIL_BYTES_MAX = 4096;

    private final ZkLimits limits;

    public ZkSnapshotReader(ZkLimits limits) {
        this.limits = limits;
    }

    public ZkSnapshotReader() {
        this(ZkLimits.DEFAULT);
    }

    /** Opens the file with the decompression its name asks for. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            switch (ZkFiles.Compression.ofFileName(file.getFileName().toString())) {
                case GZIP:
                    return new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024), 64 * 1024);
                case SNAPPY:
                    return new BufferedInputStream(new SnappyInputStream(raw), 64 * 1024);
                default:
                    return new BufferedInputStream(raw, 64 * 1024);
            }
        } catch (IOException e) {
            raw.close();
            throw new ZkFormatException(file, 0, "not a readable compressed stream: " + e.getMessage(), e);
        }
    }

    public ZkSnapshot read(Path file) throws IOException {
        long nameZxid = ZkFiles.zxidFromName(file.getFileName().toString(), ZkFiles.SNAPSHOT_PREFIX);
        if (nameZxid < 0) {
            throw new ZkFormatException(file, 0, "not a snapshot file name (snapshot.<hex zxid>[.gz|.snappy])");
        }
        try (InputStream in = open(file)) {
            ZkInput input = new ZkInput(in, file, limits);
            try {
                return read(input, nameZxid);
            } catch (ZkFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // a damaged gzip or snappy stream fails inside the decompressor (IOException, or a
                // runtime error from the snappy codec); report it like any other bad input
                throw new ZkFormatException(file, input.offset(), "unreadable compressed stream: " + e, e);
            }
        }
    }

    private ZkSnapshot read(ZkInput in, long nameZxid) throws IOException {
        int magic = in.readInt("header magic");
        if (magic != SNAP_MAGIC) {
            throw new ZkFormatException(in.file(), 0, String.format("bad magic 0x%08x, expected 0x%08x (ZKSN)", magic, SNAP_MAGIC));
        }
        int version = in.readInt("header version");
        if (version != VERSION) {
            throw new ZkFormatException(in.file(), 4, "unsupported snapshot version " + version);
        }
        long dbid = in.readLong("header dbid");
        Map<Long, Integer> sessions = readSessions(in);
        Map<Long, List<Acl>> acls = readAclTable(in);
        List<NodeImage> nodes = readNodes(in);
        checkSeal(in, "tree");
        Tail tail = readTail(in);
        return new ZkSnapshot(in.file(), nameZxid, dbid, sessions, acls, nodes, tail.digest, tail.lastZxid);
    }

    private static Map<Long, Integer> readSessions(ZkInput in) throws IOException {
        int count = in.readCount("sessions", false);
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long id = in.readLong("session id");
            sessions.put(id, in.readInt("session timeout"));
        }
        return sessions;
    }

    private static Map<Long, List<Acl>> readAclTable(ZkInput in) throws IOException {
        int count = in.readCount("acl table", false);
        Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long at = in.offset();
            long ref = in.readLong("acl ref");
            int n = in.readCount("acl vector", false);
            List<Acl> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                list.add(new Acl(in.readInt("acl perms"), in.readString("acl scheme"), in.readString("acl id")));
            }
            if (acls.put(ref, List.copyOf(list)) != null) {
                throw new ZkFormatException(in.file(), at, "duplicate acl ref " + ref);
            }
        }
        return acls;
    }

    private static List<NodeImage> readNodes(ZkInput in) throws IOException {
        List<NodeImage> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            long at = in.offset();
            String path = in.readString("node path");
            if (path == null) {
                throw new ZkFormatException(in.file(), at, "null node path");
            }
            if (path.equals("/")) {
                return nodes;
            }
            String ours = path.isEmpty() ? "/" : path;
            if (!ours.equals("/")) {
                if (!path.startsWith("/") || path.endsWith("/")) {
                    throw new ZkFormatException(in.file(), at, "malformed node path '" + path + "'");
                }
                String parent = ZkPaths.parent(ours);
                if (!seen.contains(parent)) {
                    throw new ZkFormatException(in.file(), at, "node " + ours + " comes before its parent " + parent);
                }
            }
            if (!seen.add(ours)) {
                throw new ZkFormatException(in.file(), at, "duplicate node " + ours);
            }
            byte[] data = in.readBuffer("node data of " + ours);
            long aclRef = in.readLong("node acl");
            nodes.add(new NodeImage(ours, data, aclRef, readStat(in)));
        }
    }

    static StatPersisted readStat(ZkInput in) throws IOException {
        return new StatPersisted(in.readLong("czxid"), in.readLong("mzxid"), in.readLong("ctime"),
                in.readLong("mtime"), in.readInt("version"), in.readInt("cversion"), in.readInt("aversion"),
                in.readLong("ephemeralOwner"), in.readLong("pzxid"));
    }

    /** Checks {@code long adler32, ustring "/"} against the checksum of everything before it. */
    static void checkSeal(ZkInput in, String after) throws IOException {
        long expected = in.checksum();
        long at = in.offset();
        long stored = in.readLong("seal after " + after);
        String slash = in.readString("seal marker after " + after);
        if (stored != expected) {
            throw new ZkFormatException(in.file(), at, String.format(
                    "seal after %s does not match: stored adler32 0x%x, computed 0x%x (corrupt file)", after, stored, expected));
        }
        if (!"/".equals(slash)) {
            throw new ZkFormatException(in.file(), at + 8, "seal after " + after + " lacks its '/' marker");
        }
    }

    private record Tail(Optional<ZkSnapshot.ZxidDigest> digest, OptionalLong lastZxid) {}

    /** Reads the optional digest and lastProcessedZxid sections, each with its own seal. */
    private Tail readTail(ZkInput in) throws IOException {
        long start = in.offset();
        byte[] rest = in.drainUnchecked(TAIL_BYTES_MAX + 1);
        int n = rest.length;
        if (n > TAIL_BYTES_MAX) {
            throw new ZkFormatException(in.file(), start, "more than " + TAIL_BYTES_MAX + " bytes after the tree seal");
        }
        ZkInput tail = in.continueWith(new ByteArrayInputStream(rest));
        Optional<ZkSnapshot.ZxidDigest> digest = Optional.empty();
        OptionalLong lastZxid = OptionalLong.empty();
        if (n == 0) {
            return new Tail(digest, lastZxid);
        }
        if (n != LAST_ZXID_SECTION_BYTES) {
            long zxid = tail.readLong("digest zxid");
            int digestVersion = tail.readInt("digest version");
            long value;
            if (digestVersion < 2) {
                String hex = tail.readString("digest (hex)");
                try {
                    value = hex == null ? 0 : Long.parseUnsignedLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw tail.error("digest version " + digestVersion + " is not hex: '" + hex + "'");
                }
            } else {
                value = tail.readLong("digest");
            }
            checkSeal(tail, "digest");
            digest = Optional.of(new ZkSnapshot.ZxidDigest(zxid, digestVersion, value));
        }
        if (!tail.atEnd()) {
            lastZxid = OptionalLong.of(tail.readLong("lastProcessedZxid"));
            checkSeal(tail, "lastProcessedZxid");
        }
        if (!tail.atEnd()) {
            throw tail.error("unexpected bytes after the last snapshot section");
        }
        return new Tail(digest, lastZxid);
    }
}
