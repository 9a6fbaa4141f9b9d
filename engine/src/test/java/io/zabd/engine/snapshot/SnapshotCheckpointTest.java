package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.util.Invariants.InvariantViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints (retention, read-only open) and consistent views while writes go on. */
class SnapshotCheckpointTest {
    @TempDir
    Path dir;

    /** Only the newest snapRetainCount checkpoints remain, each opening read-only at its own state. */
    @Test
    void retentionAndReadOnlyOpen() throws Exception {
        RandomDeltas gen = new RandomDeltas(11);
        List<SnapshotModel> states = new ArrayList<>();
        SnapshotModel model = new SnapshotModel();
        SnapshotStoreConfig config = new SnapshotStoreConfig(3, 4);
        try (SnapshotStore store = SnapshotStore.open(dir, config)) {
            SnapshotDelta first = gen.full(100);
            store.write(first);
            model.apply(first);
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 10; i++) {
                    SnapshotDelta d = gen.next(6);
                    store.write(d);
                    model.apply(d);
                }
                StoredCheckpoint cp = store.checkpoint(model.lastZxid);
                assertEquals(dir.resolve("checkpoints").resolve(String.format("%016x", model.lastZxid)), cp.path());
                assertEquals(cp, store.checkpoint(model.lastZxid), "same zxid twice is idempotent");
                states.add(model.copy());
            }
            assertThrows(InvariantViolation.class, () -> store.checkpoint(model.lastZxid - 1));
            List<StoredCheckpoint> kept = store.checkpoints();
            assertEquals(3, kept.size());
            assertEquals(kept, SnapshotStore.listCheckpoints(dir));
            for (int i = 0; i < 3; i++) {
                SnapshotModel expected = states.get(3 + i);
                assertEquals(expected.lastZxid, kept.get(i).zxid());
                try (SnapshotStore ro = SnapshotStore.openReadOnly(kept.get(i).path())) {
                    assertTrue(ro.isReadOnly());
                    assertEquals(expected, RecordingSink.load(ro));
                }
            }
            try (var entries = Files.list(dir.resolve("checkpoints"))) {
                assertEquals(3, entries.count(), "pruned directories are gone");
            }
        }
    }

    /** A view streams the state at its zxid on another thread while later writes land. */
    @Test
    void viewStaysConsistentWhileWritesLand() throws Exception {
        RandomDeltas gen = new RandomDeltas(12);
        SnapshotModel model = new SnapshotModel();
        ExecutorService streamer = Executors.newSingleThreadExecutor();
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            SnapshotDelta first = gen.full(2000);
            store.write(first);
            model.apply(first);
            SnapshotModel atView = model.copy();
            try (SnapshotView view = store.openView()) {
                assertEquals(atView.lastZxid, view.lastZxid());
                for (int i = 0; i < 100; i++) {
                    SnapshotDelta d = gen.next(20);
                    store.write(d);
                    model.apply(d);
                }
                store.flush(); // later state also reaches table files; the view still pins the old one
                Future<SnapshotModel> streamed = streamer.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    view.stream(sink);
                    return sink.model;
                });
                for (int i = 0; i < 100; i++) { // keep writing while the other thread streams
                    SnapshotDelta d = gen.next(20);
                    store.write(d);
                    model.apply(d);
                }
                assertEquals(atView, streamed.get(30, TimeUnit.SECONDS));
            }
            assertEquals(model, RecordingSink.load(store));
        } finally {
            streamer.shutdownNow();
        }
    }

    /** A cursor delivers the same stream in chunks of any size, and nothing after end. */
    @Test
    void cursorStreamsInChunks() throws Exception {
        RandomDeltas gen = new RandomDeltas(14);
        SnapshotModel model = new SnapshotModel();
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            SnapshotDelta first = gen.full(300);
            store.write(first);
            model.apply(first);
            try (SnapshotView view = store.openView()) {
                for (int chunk : new int[] {1, 7, 5000}) {
                    RecordingSink sink = new RecordingSink();
                    int calls = 0;
                    try (SnapshotCursor cursor = view.openCursor()) {
                        while (cursor.next(sink, chunk)) {
                            calls++;
                        }
                        assertTrue(sink.ended());
                        assertEquals(false, cursor.next(sink, chunk), "nothing after end");
                    }
                    assertEquals(model, sink.model, "chunk " + chunk);
                    int entries = model.nodes.size() + model.acls.size() + model.sessions.size();
                    assertEquals((entries - 1) / chunk, calls, "calls that returned true for chunk " + chunk);
                }
                SnapshotCursor open = view.openCursor();
                open.next(new RecordingSink(), 3);
                view.close(); // closes the cursor too
                assertThrows(SnapshotStoreException.class, () -> open.next(new RecordingSink(), 3));
            }
        }
    }

    /** Closing the store closes views left open; using one afterwards is an error, not a crash. */
    @Test
    void closeReleasesOpenViews() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults());
        store.write(new RandomDeltas(13).full(10));
        SnapshotView view = store.openView();
        store.close();
        assertThrows(SnapshotStoreException.class, () -> view.stream(new RecordingSink()));
        view.close();
    }
}
