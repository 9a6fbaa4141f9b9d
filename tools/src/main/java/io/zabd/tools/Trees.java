package io.zabd.tools;

import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.snapshot.StoredCheckpoint;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.TreeLoader;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Locating and loading zabd snapshot stores read-only: {@code <dataDir>/snapshot/live} and
 * {@code <dataDir>/snapshot/checkpoints/<zxid>} (see src/docs/formats/snapshot-store.md). Loading
 * goes through the engine's {@link DataTree#loader}, which checks the stored digest.
 */
final class Trees {
    static final String SNAPSHOT = "snapshot";
    static final String LIVE = "live";

    private Trees() {}

    /** One stored snapshot: the live store or a checkpoint. */
    record Store(String name, Path path, long checkpointZxid) {
        boolean live() {
            return checkpointZxid < 0;
        }
    }

    /** The snapshot store directory: {@code DIR/snapshot} for a dataDir, else DIR itself. */
    static Path storeDir(Path dir) {
        Path sub = dir.resolve(SNAPSHOT);
        return Files.isDirectory(sub.resolve(LIVE)) || Files.isDirectory(sub.resolve("checkpoints")) ? sub : dir;
    }

    /** Whether DIR is one RocksDB database (a live store or a checkpoint) rather than a store directory. */
    static boolean isDatabase(Path dir) {
        return Files.isRegularFile(dir.resolve("CURRENT"));
    }

    /** The live store (if present) then the checkpoints, oldest first; or DIR alone when it is one database. */
    static List<Store> stores(Path dir) throws SnapshotStoreException {
        List<Store> out = new ArrayList<>();
        if (isDatabase(dir)) {
            out.add(new Store(dir.getFileName().toString(), dir, -1));
            return out;
        }
        Path storeDir = storeDir(dir);
        if (!Files.isDirectory(storeDir)) {
            throw new ToolException("no such snapshot directory: " + storeDir);
        }
        if (isDatabase(storeDir.resolve(LIVE))) {
            out.add(new Store(LIVE, storeDir.resolve(LIVE), -1));
        }
        for (StoredCheckpoint c : SnapshotStore.listCheckpoints(storeDir)) {
            out.add(new Store(c.path().getFileName().toString(), c.path(), c.zxid()));
        }
        if (out.isEmpty()) {
            throw new ToolException("no snapshot store in " + storeDir + " (expected live/ or checkpoints/)");
        }
        return out;
    }

    /**
     * Resolves a snapshot argument: an existing database directory, or (with a store directory) a
     * checkpoint zxid ({@code 0x...} or decimal) or {@code live}.
     */
    static Store select(Path dir, String which) throws SnapshotStoreException {
        if (which == null) {
            return stores(dir).get(0);
        }
        Path asPath = Path.of(which);
        if (isDatabase(asPath)) {
            return new Store(asPath.getFileName().toString(), asPath, -1);
        }
        if (dir == null) {
            throw new ToolException("'" + which + "' is not a snapshot database directory (give --dir to pick a checkpoint by zxid)");
        }
        List<Store> all = stores(dir);
        if (LIVE.equals(which)) {
            return all.stream().filter(Store::live).findFirst()
                    .orElseThrow(() -> new ToolException("no live store in " + storeDir(dir)));
        }
        long zxid = ZxidArg.parse(which);
        return all.stream().filter(s -> s.checkpointZxid() == zxid).findFirst()
                .orElseThrow(() -> new ToolException("no checkpoint at zxid " + Zxid.toHex(zxid) + " in " + storeDir(dir)));
    }

    /** The stored zxid of a database (without loading the nodes), {@link SnapshotStore#NONE} when empty. */
    static long lastZxid(Path db) throws SnapshotStoreException {
        try (SnapshotStore store = SnapshotStore.openReadOnly(db)) {
            return store.lastZxid();
        }
    }

    /** Loads a database into a tree; the engine checks the digest ({@link TreeLoader.SnapshotLoadException}). */
    static DataTree load(Path db, boolean extendedTypesEnabled) throws SnapshotStoreException {
        try (SnapshotStore store = SnapshotStore.openReadOnly(db)) {
            TreeLoader loader = DataTree.loader(extendedTypesEnabled);
            if (!store.load(loader)) {
                throw new ToolException("snapshot store " + db + " is empty (no snapshot was ever written)");
            }
            return loader.tree();
        }
    }

    /** Every node of the tree, by path (parents before children in this order). */
    static SortedMap<String, NodeImage> images(DataTree tree) {
        SortedMap<String, NodeImage> out = new TreeMap<>();
        for (NodeImage n : tree.captureDelta(tree.lastProcessedZxid(), true).upsertedNodes()) {
            out.put(n.path(), n);
        }
        return out;
    }

    /** Bytes on disk under a directory (checkpoints share hard-linked table files with the live store). */
    static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    sum += Files.size(f);
                }
            }
            return sum;
        }
    }

    static int depth(String path) {
        if (DataTree.ROOT.equals(path)) {
            return 0;
        }
        int d = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    /** The ancestor of {@code path} at {@code depth} (the path itself when it is at that depth). */
    static String ancestorAt(String path, int depth) {
        if (depth == 0) {
            return DataTree.ROOT;
        }
        int seen = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/' && ++seen == depth + 1) {
                return path.substring(0, i);
            }
        }
        return path;
    }

    /** Whether {@code path} is {@code prefix} or below it as a path (prefix "/a" matches "/a", "/a/b", not "/ab"). */
    static boolean under(String path, String prefix) {
        return prefix == null || prefix.equals(DataTree.ROOT) || path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
