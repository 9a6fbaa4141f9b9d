package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import io.zabd.engine.util.Invariants.InvariantViolation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot store against a map-based model: writes, loads, order, meta, zxid checks. */
class SnapshotStoreTest {
    @TempDir
    Path dir;

    private static NodeImage node(String path, long zxid, String data) {
        return new NodeImage(path, data == null ? null : data.getBytes(), -1,
                new StatPersisted(zxid, zxid, 1000 + zxid, 2000 + zxid, 1, 2, 3, 0, zxid));
    }

    private static SnapshotDelta delta(long zxid, boolean full, List<NodeImage> up, List<String> del) {
        return new SnapshotDelta(zxid, zxid * 31, full, up, del, Map.of(), List.of(), Map.of(), List.of());
    }

    /** A full delta then many random deltas load back exactly as the model says, also after reopen. */
    @Test
    void fullThenDeltasLoadLikeTheModel() throws Exception {
        RandomDeltas gen = new RandomDeltas(42);
        SnapshotModel model = new SnapshotModel();
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            assertEquals(SnapshotStore.NONE, store.lastZxid());
            assertFalse(store.load(new RecordingSink()), "empty store has nothing to load");
            SnapshotDelta first = gen.full(300);
            store.write(first);
            model.apply(first);
            for (int i = 0; i < 200; i++) {
                SnapshotDelta d = gen.next(12);
                store.write(d);
                model.apply(d);
                if (i % 50 == 0) {
                    assertEquals(model, RecordingSink.load(store), "after delta " + i);
                }
            }
            assertEquals(model.lastZxid, store.lastZxid());
            assertEquals(model.digest, store.digest());
            assertEquals(model, RecordingSink.load(store));
        }
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            assertEquals(model, RecordingSink.load(store), "after reopen");
            assertEquals(model.lastZxid, store.lastZxid());
        }
    }

    /** Nodes stream parents first even with names that sort around '/' and non-ASCII names. */
    @Test
    void nodesStreamParentsFirst() throws Exception {
        List<String> paths = List.of("/a/b/c", "/a-b", "/a.b/x", "/a.b", "/a", "/", "/ab", "/a/b", "/é", "/é/ü",
                "/a0", "/a/b-", "/a/b/c/d", "/𝄞", "/𝄞/x");
        List<NodeImage> nodes = new ArrayList<>();
        paths.forEach(p -> nodes.add(node(p, 5, p)));
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            store.write(delta(5, true, nodes, List.of()));
            RecordingSink sink = new RecordingSink(); // asserts parent-before-child itself
            assertTrue(store.load(sink));
            assertEquals(paths.size(), sink.nodeOrder.size());
            assertEquals("/", sink.nodeOrder.get(0));
            assertEquals(node("/é/ü", 5, "/é/ü"), sink.model.nodes.get("/é/ü"));
        }
    }

    /** Deletes remove nodes, ACL entries and sessions; upserts replace them; null data survives. */
    @Test
    void deletesAndAclAndSessionChanges() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            store.write(new SnapshotDelta(1, 7, true, List.of(node("/", 1, null), node("/x", 1, "x"), node("/y", 1, "y")),
                    List.of(), Map.of(1L, Acl.OPEN_ACL_UNSAFE, 2L, Acl.READ_ACL_UNSAFE), List.of(),
                    Map.of(100L, 3000, -5L, 4000), List.of()));
            store.write(new SnapshotDelta(2, 8, false, List.of(node("/y", 2, "y2")), List.of("/x"),
                    Map.of(2L, List.of(new Acl(Acl.READ | Acl.WRITE, "digest", "u:h"))), List.of(1L),
                    Map.of(101L, 5000), List.of(100L)));
            SnapshotModel loaded = RecordingSink.load(store);
            assertEquals(List.of("/", "/y"), new ArrayList<>(loaded.nodes.keySet()));
            assertEquals(null, loaded.nodes.get("/").data());
            assertEquals("y2", new String(loaded.nodes.get("/y").data()));
            assertEquals(Map.of(2L, List.of(new Acl(Acl.READ | Acl.WRITE, "digest", "u:h"))), loaded.acls);
            assertEquals(Map.of(-5L, 4000, 101L, 5000), loaded.sessions);
            assertEquals(2, loaded.lastZxid);
            assertEquals(8, loaded.digest);
        }
    }

    /** A full delta replaces everything stored before, in one step. */
    @Test
    void fullDeltaReplacesEverything() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            store.write(new SnapshotDelta(1, 1, true, List.of(node("/", 1, null), node("/old", 1, "o")), List.of(),
                    Map.of(9L, Acl.OPEN_ACL_UNSAFE), List.of(), Map.of(Long.MAX_VALUE, 1, Long.MIN_VALUE, 2), List.of()));
            store.write(delta(2, true, List.of(node("/", 2, null), node("/new", 2, "n")), List.of()));
            SnapshotModel loaded = RecordingSink.load(store);
            assertEquals(List.of("/", "/new"), new ArrayList<>(loaded.nodes.keySet()));
            assertTrue(loaded.acls.isEmpty());
            assertTrue(loaded.sessions.isEmpty());
        }
    }

    /** Rewriting the same zxid is idempotent; an older zxid is refused and changes nothing. */
    @Test
    void sameZxidIsIdempotentOlderIsRefused() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            SnapshotDelta d = delta(Zxid.of(2, 5), true, List.of(node("/", 1, null), node("/a", 1, "a")), List.of());
            store.write(d);
            store.write(d);
            SnapshotModel expected = new SnapshotModel();
            expected.apply(d);
            assertEquals(expected, RecordingSink.load(store));
            InvariantViolation e = assertThrows(InvariantViolation.class,
                    () -> store.write(delta(Zxid.of(2, 4), false, List.of(node("/b", 1, "b")), List.of())));
            assertTrue(e.getMessage().contains("0x200000004"), e.getMessage());
            assertEquals(expected, RecordingSink.load(store));
            assertThrows(InvariantViolation.class, () -> store.write(delta(Zxid.of(2, 6), false,
                    List.of(node("/c", 1, "c")), List.of("/c"))), "a path both deleted and upserted");
        }
    }

    /** acceptedEpoch, currentEpoch and dbid persist across reopen; epochs never go back. */
    @Test
    void metaRoundTrip() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            assertEquals(SnapshotStore.NONE, store.acceptedEpoch());
            assertEquals(SnapshotStore.NONE, store.currentEpoch());
            assertEquals(SnapshotStore.NONE, store.dbid());
            store.setAcceptedEpoch(3);
            store.setCurrentEpoch(2);
            store.setDbid(0x1234);
            store.setAcceptedEpoch(4);
            assertThrows(InvariantViolation.class, () -> store.setAcceptedEpoch(3));
            assertThrows(InvariantViolation.class, () -> store.setCurrentEpoch(-2));
            store.write(delta(Zxid.of(4, 1), true, List.of(node("/", 1, null)), List.of()));
        }
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            assertEquals(4, store.acceptedEpoch());
            assertEquals(2, store.currentEpoch());
            assertEquals(0x1234, store.dbid());
            assertEquals(Zxid.of(4, 1), store.lastZxid());
            assertEquals(Zxid.of(4, 1) * 31, store.digest());
        }
    }

    /** A read-only store loads but refuses every write with a clear message. */
    @Test
    void readOnlyRefusesWrites() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            store.write(delta(1, true, List.of(node("/", 1, null)), List.of()));
        }
        try (SnapshotStore ro = SnapshotStore.openReadOnly(dir.resolve(SnapshotStore.LIVE))) {
            assertEquals(1, RecordingSink.load(ro).nodes.size());
            SnapshotStoreException e = assertThrows(SnapshotStoreException.class,
                    () -> ro.write(delta(2, false, List.of(), List.of())));
            assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains(dir.toString()), e.getMessage());
            assertThrows(SnapshotStoreException.class, () -> ro.setAcceptedEpoch(1));
        }
        SnapshotStoreException missing = assertThrows(SnapshotStoreException.class,
                () -> SnapshotStore.openReadOnly(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"));
    }

    /**
     * The config refuses fewer than three retained snapshots, a zero queue, a write rate below 1 MiB/s
     * (0 = no bound is fine), a negative or huge bytes_per_sync and a duty cycle outside 1-100%.
     */
    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStoreConfig(2, 4));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStoreConfig(3, 0));
        SnapshotStoreConfig d = SnapshotStoreConfig.defaults();
        assertEquals(0, d.withWriteBytesPerSecond(0).writeBytesPerSecond());
        assertThrows(IllegalArgumentException.class, () -> d.withWriteBytesPerSecond(1000));
        assertThrows(IllegalArgumentException.class, () -> d.withWriteBytesPerSecond(-1));
        assertEquals(100, d.withWriterDutyCyclePercent(100).writerDutyCyclePercent());
        assertThrows(IllegalArgumentException.class, () -> d.withWriterDutyCyclePercent(0));
        assertThrows(IllegalArgumentException.class, () -> d.withWriterDutyCyclePercent(101));
        assertEquals(0, d.withBytesPerSync(0).bytesPerSync());
        assertThrows(IllegalArgumentException.class, () -> d.withBytesPerSync(-1));
        assertThrows(IllegalArgumentException.class,
                () -> d.withBytesPerSync(SnapshotStoreConfig.MAX_BYTES_PER_SYNC + 1));
    }

    /**
     * A snapshot written without the WAL (the default) is durable when write returns: the live
     * directory minus its WAL files (as if the WAL were lost) opens at the written zxid with the
     * written content; a store writing through the WAL loads the same.
     */
    @Test
    void walLessWriteIsInTableFilesWhenWriteReturns() throws Exception {
        RandomDeltas gen = new RandomDeltas(7);
        SnapshotModel model = new SnapshotModel();
        Path copy = dir.resolve("without-wal");
        try (SnapshotStore store = SnapshotStore.open(dir.resolve("a"), SnapshotStoreConfig.defaults());
                SnapshotStore viaWal = SnapshotStore.open(dir.resolve("b"),
                        SnapshotStoreConfig.defaults().withSnapshotsThroughWal(true))) {
            SnapshotDelta first = gen.full(200);
            store.write(first);
            viaWal.write(first);
            model.apply(first);
            // three writes, three table files per column family: below RocksDB's L0 compaction trigger
            // (4), so no compaction deletes a file while it is copied
            for (int i = 0; i < 2; i++) {
                SnapshotDelta d = gen.next(15);
                store.write(d);
                viaWal.write(d);
                model.apply(d);
            }
            java.nio.file.Files.createDirectories(copy);
            try (var files = java.nio.file.Files.list(dir.resolve("a").resolve(SnapshotStore.LIVE))) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".log") && !name.equals("LOCK") && !name.startsWith("LOG")) {
                        java.nio.file.Files.copy(f, copy.resolve(name));
                    }
                }
            }
            assertEquals(model, RecordingSink.load(viaWal));
        }
        try (SnapshotStore withoutWal = SnapshotStore.openReadOnly(copy)) {
            assertEquals(model.lastZxid, withoutWal.lastZxid());
            assertEquals(model, RecordingSink.load(withoutWal));
        }
    }
}
