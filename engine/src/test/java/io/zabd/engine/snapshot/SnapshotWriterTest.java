package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.Zxid;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous writer: coalescing under a burst loses nothing, reports in order, surfaces errors. */
class SnapshotWriterTest {
    @TempDir
    Path dir;

    private static final class Recorder implements SnapshotWriter.Listener {
        final List<Long> written = new CopyOnWriteArrayList<>();
        final AtomicReference<SnapshotStoreException> failed = new AtomicReference<>();
        final CountDownLatch failedLatch = new CountDownLatch(1);

        @Override
        public void onWritten(long zxid) {
            written.add(zxid);
        }

        @Override
        public void onFailed(long zxid, SnapshotStoreException error) {
            failed.set(error);
            failedLatch.countDown();
        }
    }

    /** A burst far larger than the queue ends in the state of all deltas applied in order. */
    @Test
    void burstCoalescesToTheSameState() throws Exception {
        RandomDeltas gen = new RandomDeltas(7);
        SnapshotModel model = new SnapshotModel();
        Recorder recorder = new Recorder();
        SnapshotStoreConfig config = new SnapshotStoreConfig(3, 2);
        try (SnapshotStore store = SnapshotStore.open(dir, config)) {
            long last;
            try (SnapshotWriter writer = new SnapshotWriter(store, config, recorder)) {
                SnapshotDelta first = gen.full(200);
                writer.submit(first);
                model.apply(first);
                for (int i = 0; i < 2000; i++) {
                    SnapshotDelta d = gen.next(8);
                    writer.submit(d);
                    model.apply(d);
                    if (i == 1000) {
                        // a second full delta in the middle of the burst (a SNAP received)
                        SnapshotDelta full = gen.full(50);
                        writer.submit(full);
                        model.apply(full);
                    }
                }
                last = model.lastZxid;
                assertTrue(writer.awaitWritten(last, 30, TimeUnit.SECONDS), "burst written in time");
                assertEquals(last, writer.writtenZxid());
                assertTrue(writer.coalescedCount() > 0, "queue of 2 overflowed during a burst of 2000");
            }
            assertEquals(model, RecordingSink.load(store));
            List<Long> zxids = recorder.written;
            for (int i = 1; i < zxids.size(); i++) {
                assertTrue(zxids.get(i) > zxids.get(i - 1), "callback zxids strictly increase: " + zxids);
            }
            assertEquals(last, zxids.get(zxids.size() - 1));
            assertEquals(null, recorder.failed.get());
        }
    }

    /** close() writes what is still pending before it returns. */
    @Test
    void closeDrainsPending() throws Exception {
        RandomDeltas gen = new RandomDeltas(8);
        SnapshotModel model = new SnapshotModel();
        SnapshotStoreConfig config = SnapshotStoreConfig.defaults();
        try (SnapshotStore store = SnapshotStore.open(dir, config)) {
            try (SnapshotWriter writer = new SnapshotWriter(store, config, new Recorder())) {
                SnapshotDelta first = gen.full(20);
                writer.submit(first);
                model.apply(first);
                for (int i = 0; i < 50; i++) {
                    SnapshotDelta d = gen.next(4);
                    writer.submit(d);
                    model.apply(d);
                }
            }
            assertEquals(model, RecordingSink.load(store));
        }
    }

    /** A failing write is reported to the listener and then thrown by submit and close. */
    @Test
    void failureIsSurfaced() throws Exception {
        RandomDeltas gen = new RandomDeltas(9);
        Recorder recorder = new Recorder();
        SnapshotStoreConfig config = SnapshotStoreConfig.defaults();
        SnapshotStore store = SnapshotStore.open(dir, config);
        SnapshotWriter writer = new SnapshotWriter(store, config, recorder);
        writer.submit(gen.full(10));
        assertTrue(writer.awaitWritten(Zxid.of(1, 1), 10, TimeUnit.SECONDS));
        store.close(); // the next write finds the store closed
        writer.submit(gen.next(3));
        assertTrue(recorder.failedLatch.await(10, TimeUnit.SECONDS), "failure reported");
        assertNotNull(recorder.failed.get());
        assertTrue(recorder.failed.get().getMessage().contains("closed"), recorder.failed.get().getMessage());
        assertThrows(SnapshotStoreException.class, () -> writer.submit(gen.next(3)));
        assertThrows(SnapshotStoreException.class, writer::close);
    }
}
