package io.zabd.engine.log;

import static io.zabd.engine.log.LogTesting.assertReadsFrom;
import static io.zabd.engine.log.LogTesting.history;
import static io.zabd.engine.log.LogTesting.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.log.LogTesting.Entry;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Goal: the group-commit writer batches many appends per force, reports durable zxids in order and
 * only after the force, pushes back with a full queue instead of blocking or dropping, and stops
 * loudly on a failure without reporting anything it did not force.
 */
class GroupCommitLogTest {
    private static final long DEADLINE_MS = 20_000;

    @TempDir
    Path dir;

    /** Listener recording what the writer reports. */
    static final class Recorder implements DurabilityListener {
        final List<Long> durable = new CopyOnWriteArrayList<>();
        final AtomicReference<IOException> failure = new AtomicReference<>();
        final CountDownLatch failed = new CountDownLatch(1);
        volatile long target = Long.MAX_VALUE;
        final CountDownLatch reached = new CountDownLatch(1);

        @Override
        public void onDurable(long zxid) {
            durable.add(zxid);
            if (zxid >= target) {
                reached.countDown();
            }
        }

        @Override
        public void onFailure(IOException cause) {
            failure.set(cause);
            failed.countDown();
        }
    }

    /**
     * Goal: a burst queued with offerDeferred and one wakeWriter at its end becomes durable, in order,
     * even with the writer parking for up to a second; bursts alternate with waits, so the writer is
     * usually parked when a burst arrives (it still has to take it: the park lasts up to a second).
     */
    @Test
    void deferredOffersBecomeDurableAfterOneWake() throws Exception {
        List<Entry> entries = history(13, 3_000, 0);
        Recorder recorder = new Recorder();
        TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.CHANNEL).withWriterIdleMaxParkNs(1_000_000_000L));
        try (GroupCommitLog group = new GroupCommitLog(log, recorder).start()) {
            int burst = 500;
            for (int from = 0; from < entries.size(); from += burst) {
                List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + burst));
                for (Entry e : chunk) {
                    assertTrue(group.offerDeferred(e.zxid(), e.bytes()), "queue has room");
                }
                group.wakeWriter();
                long last = chunk.get(chunk.size() - 1).zxid();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
                while (group.durableZxid() < last) {
                    assertTrue(System.nanoTime() < deadline, "burst up to " + Zxid.toHex(last) + " became durable");
                    Thread.onSpinWait();
                }
            }
            assertEquals(entries.get(entries.size() - 1).zxid(), group.durableZxid());
            List<Long> reported = List.copyOf(recorder.durable);
            for (int i = 1; i < reported.size(); i++) {
                assertTrue(reported.get(i) > reported.get(i - 1), "durable zxids reported in order");
            }
            assertTrue(reported.size() < entries.size(), "appends were batched: " + reported.size() + " forces");
            assertReadsFrom(log, 0, entries);
        }
    }

    @ParameterizedTest
    @EnumSource(ForceMode.class)
    void batchesAppendsAndReportsDurableZxidsInOrder(ForceMode mode) throws Exception {
        List<Entry> entries = history(9, 20_000, 0);
        Recorder recorder = new Recorder();
        recorder.target = entries.get(entries.size() - 1).zxid();
        TxnLog log = TxnLog.open(smallConfig(dir, mode).withQueueCapacity(1024));
        try (GroupCommitLog group = new GroupCommitLog(log, recorder).start()) {
            IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
            for (Entry e : entries) {
                while (!group.offer(e.zxid(), e.bytes())) {
                    idle.idle(); // back-pressure: the queue is full, retry
                }
                idle.reset();
            }
            assertTrue(recorder.reached.await(DEADLINE_MS, TimeUnit.MILLISECONDS), "everything became durable");
            assertEquals(recorder.target, group.durableZxid());
            assertReadsFrom(log, 0, entries);
            assertTrue(log.segmentCount() > 3, "rolled: " + log.segmentCount());
            group.requestPurgeBefore(recorder.target);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (log.segmentCount() > 1) {
                assertTrue(System.nanoTime() < deadline, "the writer purges between batches");
                idle.idle();
            }
            long first = log.firstZxid();
            assertReadsFrom(log, 0, entries.stream().filter(e -> e.zxid() >= first).toList());
        }
        List<Long> reported = recorder.durable;
        for (int i = 1; i < reported.size(); i++) {
            assertTrue(reported.get(i) > reported.get(i - 1), "durable zxids strictly increase");
        }
        assertTrue(reported.size() < entries.size() / 2,
                "group commit: " + reported.size() + " forces for " + entries.size() + " records");
        assertNull(recorder.failure.get());
        try (TxnLog reopened = TxnLog.open(smallConfig(dir, mode))) {
            assertTrue(reopened.recoveryReport().clean(), () -> reopened.recoveryReport().toString());
            long first = reopened.firstZxid();
            assertReadsFrom(reopened, 0, entries.stream().filter(e -> e.zxid() >= first).toList());
        }
    }

    @Test
    void fullQueueRefusesOffersUntilTheWriterDrainsIt() throws Exception {
        Recorder recorder = new Recorder();
        TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.MAPPED).withQueueCapacity(16));
        GroupCommitLog group = new GroupCommitLog(log, recorder);
        byte[] payload = new byte[64];
        int accepted = 0;
        while (group.offer(Zxid.of(1, accepted + 1), payload)) {
            accepted++;
            assertTrue(accepted <= 1024, "a bounded queue must fill up");
        }
        assertEquals(16, accepted, "capacity 16");
        assertEquals(16, group.queued(), "nothing dropped");
        recorder.target = Zxid.of(1, accepted);
        group.start();
        assertTrue(recorder.reached.await(DEADLINE_MS, TimeUnit.MILLISECONDS));
        assertTrue(group.offer(Zxid.of(1, accepted + 1), payload), "room again after the writer drained");
        group.close();
        assertFalse(group.offer(Zxid.of(1, accepted + 2), payload), "a closed log accepts nothing");
        try (TxnLog reopened = TxnLog.open(smallConfig(dir, ForceMode.MAPPED))) {
            assertEquals(Zxid.of(1, accepted + 1), reopened.lastZxid(), "close wrote and forced what was queued");
        }
    }

    @Test
    void aFailedAppendStopsTheWriterAndReportsNoDurability() throws Exception {
        Recorder recorder = new Recorder();
        TxnLog log = TxnLog.open(smallConfig(dir, ForceMode.CHANNEL));
        GroupCommitLog group = new GroupCommitLog(log, recorder);
        byte[] payload = new byte[64];
        assertTrue(group.offer(Zxid.of(1, 5), payload));
        assertTrue(group.offer(Zxid.of(1, 3), payload)); // out of order: a caller bug the writer must catch
        assertTrue(group.offer(Zxid.of(1, 6), payload));
        group.start();
        assertTrue(recorder.failed.await(DEADLINE_MS, TimeUnit.MILLISECONDS), "the failure reaches the listener");
        assertNotNull(group.failure());
        assertTrue(recorder.failure.get().getMessage().contains("0x100000003"), recorder.failure.get().getMessage());
        assertEquals(List.of(), recorder.durable, "nothing of the failed batch is reported durable");
        assertEquals(0, group.durableZxid());
        assertFalse(group.offer(Zxid.of(1, 7), payload), "a stopped writer accepts nothing");
        group.close();
    }
}
