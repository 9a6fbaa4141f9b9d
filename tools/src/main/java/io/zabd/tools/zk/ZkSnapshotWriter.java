package io.zabd.tools.zk;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Adler32;
import java.util.zip.CheckedOutputStream;

/**
 * Writes an uncompressed Apache ZooKeeper snapshot ({@code snapshot.<hex zxid>}, grammar in
 * {@link ZkSnapshotReader}) that ZooKeeper 3.9 loads: header, sessions, ACL table, nodes depth-first
 * from the root (written as path {@code ""}), the {@code "/"} terminator and seal, then the digest
 * section ({@code ZxidDigest{zxid, 2, tree digest}}, so ZooKeeper checks the tree right after
 * loading) and the lastProcessedZxid section, each sealed.
 *
 * <p>The file is written to a temp name, forced, renamed into place and the directory forced.
 * {@code /zookeeper} and {@code /zookeeper/quota} are added with ZooKeeper's initial values when the
 * input lacks them.
 */
public final class ZkSnapshotWriter {
    private static final long DBID = -1;
    private static final StatPersisted ZERO_STAT = new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0);

    private ZkSnapshotWriter() {}

    /**
     * Writes {@code dataDir/version-2/snapshot.<hex zxid>} and returns its path.
     *
     * @param nodes every znode (root "/"); parents must be present for every node
     * @param acls the ACL table; every reference a node uses (other than -1) must be in it
     * @param sessions session id to timeout in ms
     */
    public static Path write(Path dataDir, long zxid, Collection<NodeImage> nodes, Map<Long, List<Acl>> acls,
            Map<Long, Integer> sessions) throws IOException {
        Map<String, NodeImage> byPath = withSystemNodes(nodes);
        validate(byPath, acls);
        Path dir = ZkFiles.versionDir(dataDir);
        Files.createDirectories(dir);
        Path target = dir.resolve(ZkFiles.snapshotName(zxid, ZkFiles.Compression.NONE));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CheckedOutputStream checked = new CheckedOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024), new Adler32());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeInt(ZkSnapshotReader.SNAP_MAGIC);
            out.writeInt(ZkSnapshotReader.VERSION);
            out.writeLong(DBID);
            writeSessions(out, sessions);
            writeAcls(out, acls);
            writeNodes(out, byPath);
            seal(out, checked);
            out.writeLong(zxid);
            out.writeInt(ZkDigest.VERSION);
            out.writeLong(ZkDigest.tree(byPath.values()));
            seal(out, checked);
            out.writeLong(zxid);
            seal(out, checked);
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ZkFiles.fsyncDirectory(dir);
        return target;
    }

    private static Map<String, NodeImage> withSystemNodes(Collection<NodeImage> nodes) {
        Map<String, NodeImage> byPath = new HashMap<>();
        for (NodeImage n : nodes) {
            if (byPath.put(n.path(), n) != null) {
                throw new IllegalArgumentException("duplicate node " + n.path());
            }
        }
        byPath.putIfAbsent("/zookeeper", new NodeImage("/zookeeper", new byte[0], -1, ZERO_STAT));
        byPath.putIfAbsent("/zookeeper/quota", new NodeImage("/zookeeper/quota", new byte[0], -1, ZERO_STAT));
        return byPath;
    }

    private static void validate(Map<String, NodeImage> byPath, Map<Long, List<Acl>> acls) {
        if (!byPath.containsKey("/")) {
            throw new IllegalArgumentException("no root node \"/\"");
        }
        for (NodeImage n : byPath.values()) {
            if (!n.path().equals("/") && !byPath.containsKey(ZkPaths.parent(n.path()))) {
                throw new IllegalArgumentException("node " + n.path() + " has no parent");
            }
            if (n.aclRef() != -1 && !acls.containsKey(n.aclRef())) {
                throw new IllegalArgumentException("node " + n.path() + " uses acl ref " + n.aclRef() + " not in the table");
            }
        }
    }

    private static void writeSessions(DataOutputStream out, Map<Long, Integer> sessions) throws IOException {
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Integer> e : new TreeMap<>(sessions).entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private static void writeAcls(DataOutputStream out, Map<Long, List<Acl>> acls) throws IOException {
        out.writeInt(acls.size());
        for (Map.Entry<Long, List<Acl>> e : new TreeMap<>(acls).entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            for (Acl a : e.getValue()) {
                out.writeInt(a.perms());
                writeString(out, a.scheme());
                writeString(out, a.id());
            }
        }
    }

    /** Depth-first from the root, children in name order, without recursion (paths can be deep). */
    private static void writeNodes(DataOutputStream out, Map<String, NodeImage> byPath) throws IOException {
        Map<String, List<String>> children = new HashMap<>();
        for (String path : byPath.keySet()) {
            if (!path.equals("/")) {
                children.computeIfAbsent(ZkPaths.parent(path), k -> new ArrayList<>()).add(path);
            }
        }
        for (List<String> kids : children.values()) {
            kids.sort(null);
        }
        Deque<String> stack = new ArrayDeque<>();
        stack.push("/");
        while (!stack.isEmpty()) {
            NodeImage n = byPath.get(stack.pop());
            writeString(out, ZkPaths.toZk(n.path()));
            writeBuffer(out, n.data());
            out.writeLong(n.aclRef());
            StatPersisted s = n.stat();
            out.writeLong(s.czxid());
            out.writeLong(s.mzxid());
            out.writeLong(s.ctime());
            out.writeLong(s.mtime());
            out.writeInt(s.version());
            out.writeInt(s.cversion());
            out.writeInt(s.aversion());
            out.writeLong(s.ephemeralOwner());
            out.writeLong(s.pzxid());
            List<String> kids = children.getOrDefault(n.path(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
        writeString(out, "/");
    }

    private static void seal(DataOutputStream out, CheckedOutputStream checked) throws IOException {
        out.flush();
        out.writeLong(checked.getChecksum().getValue());
        writeString(out, "/");
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBuffer(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBuffer(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

}
