package io.zabd.server.admin.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.OpCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: committed operations handed to the audit log come back from the Chronicle Queue files
 * unchanged and in order (also across a restart), readers filter and follow, a full queue drops and
 * counts without blocking the caller, and old day files are deleted by the retention.
 */
class AuditLogTest {
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
    private static final long DEADLINE_MS = 10_000;

    @TempDir
    Path dir;

    private static AuditEvent event(long zxid, long timeMs, long session, int op, String path, int result) {
        return new AuditEvent(zxid, timeMs, session, "127.0.0.1:4000" + session, List.of("ip:127.0.0.1",
                "digest:alice"), op, path, result);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private List<AuditEvent> readAll(AuditFilter filter) {
        try (AuditReader reader = AuditReader.open(dir, filter)) {
            return reader.read(Integer.MAX_VALUE);
        }
    }

    @Test
    void writtenRecordsAreReadBackUnchanged() {
        List<AuditEvent> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        events.add(event(0x100000001L, now, 0x11, OpCode.CREATE, "/a", 0));
        events.add(new AuditEvent(0x100000002L, now + 1, 0x12, null, List.of(), OpCode.CLOSE_SESSION, null, 0));
        events.add(event(0x100000003L, now + 2, 0x11, OpCode.SET_DATA, "/a/ü", -101));
        try (AuditLog log = AuditLog.start(new AuditConfig(dir))) {
            events.forEach(e -> assertTrue(log.offer(e)));
            await(() -> log.writtenCount() == events.size(), "3 records written");
        }
        assertEquals(events, readAll(AuditFilter.ALL), "read back from the files (not read-only Chronicle)");
        assertTrue(Stream.of(dir.toFile().list()).anyMatch(n -> n.endsWith(".cq4")));
    }

    @Test
    void readersFilterByOpPathSessionResultAndTime() {
        long t0 = System.currentTimeMillis() - 10_000;
        try (AuditLog log = AuditLog.start(new AuditConfig(dir))) {
            log.offer(event(1, t0, 1, OpCode.CREATE, "/app/x", 0));
            log.offer(event(2, t0 + 1000, 2, OpCode.DELETE, "/app/y", -101));
            log.offer(event(3, t0 + 2000, 1, OpCode.SET_DATA, "/other", 0));
            log.offer(event(4, t0 + 3000, 2, OpCode.CREATE, "/app/z", -110));
            await(() -> log.writtenCount() == 4, "4 records written");
        }
        assertEquals(List.of(1L, 4L), zxids(readAll(AuditFilter.ALL.withOp(OpCode.CREATE))));
        assertEquals(List.of(1L, 2L, 4L), zxids(readAll(AuditFilter.ALL.withPathPrefix("/app/"))));
        assertEquals(List.of(1L, 3L), zxids(readAll(AuditFilter.ALL.withSession(1))));
        assertEquals(List.of(2L), zxids(readAll(AuditFilter.ALL.withResult(-101))));
        assertEquals(List.of(3L, 4L), zxids(readAll(AuditFilter.ALL.withFromTime(t0 + 2000))));
        assertEquals(List.of(4L), zxids(readAll(AuditFilter.ALL.withPathPrefix("/app").withFromTime(t0 + 1500))));
    }

    private static List<Long> zxids(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::zxid).toList();
    }

    @Test
    void followSeesRecordsAppendedAfterItStarted() throws Exception {
        try (AuditLog log = AuditLog.start(new AuditConfig(dir))) {
            log.offer(event(1, System.currentTimeMillis(), 1, OpCode.CREATE, "/before", 0));
            await(() -> log.writtenCount() == 1, "first record written");
            BlockingQueue<AuditEvent> seen = new LinkedBlockingQueue<>();
            AtomicBoolean following = new AtomicBoolean(true);
            Thread follower = new Thread(() -> {
                try (AuditReader reader = AuditReader.open(dir, AuditFilter.ALL.withPathPrefix("/app"))) {
                    reader.follow(seen::add, following::get);
                }
            }, "audit-follower");
            follower.start();
            try {
                log.offer(event(2, System.currentTimeMillis(), 1, OpCode.CREATE, "/app/1", 0));
                log.offer(event(3, System.currentTimeMillis(), 1, OpCode.CREATE, "/elsewhere", 0));
                log.offer(event(4, System.currentTimeMillis(), 1, OpCode.DELETE, "/app/1", 0));
                assertEquals(2, seen.poll(DEADLINE_MS, TimeUnit.MILLISECONDS).zxid());
                assertEquals(4, seen.poll(DEADLINE_MS, TimeUnit.MILLISECONDS).zxid());
            } finally {
                following.set(false);
                follower.join(DEADLINE_MS);
            }
            assertFalse(follower.isAlive());
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        AuditConfig config = new AuditConfig(dir, 4, AuditConfig.DEFAULT_RETENTION_DAYS, SystemTimeProvider.INSTANCE);
        try (AuditLog log = AuditLog.create(config)) {
            long started = System.nanoTime();
            int accepted = 0;
            for (int i = 1; i <= 1_000; i++) {
                if (log.offer(event(i, System.currentTimeMillis(), 1, OpCode.CREATE, "/n" + i, 0))) {
                    accepted++;
                }
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(4, accepted, "the appender is not running: exactly the capacity is accepted");
            assertEquals(996, log.droppedCount());
            assertTrue(elapsedMs < 1_000, "offers never wait: " + elapsedMs + " ms for 1000");
            log.start();
            await(() -> log.writtenCount() == 4, "the queued events written once the appender runs");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), zxids(readAll(AuditFilter.ALL)));
    }

    @Test
    void aRestartAppendsAfterTheExistingRecords() {
        long now = System.currentTimeMillis();
        try (AuditLog log = AuditLog.start(new AuditConfig(dir))) {
            for (int i = 1; i <= 3; i++) {
                log.offer(event(i, now + i, 1, OpCode.CREATE, "/r" + i, 0));
            }
        }
        try (AuditLog log = AuditLog.start(new AuditConfig(dir))) {
            for (int i = 4; i <= 5; i++) {
                log.offer(event(i, now + i, 1, OpCode.CREATE, "/r" + i, 0));
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), zxids(readAll(AuditFilter.ALL)), "close drains what was queued");
    }

    @Test
    void retentionDeletesDayFilesOlderThanTheLimit() throws Exception {
        long day0 = TimeUnit.DAYS.toMillis(20_000);
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(day0 + 1_000));
        AuditConfig config = new AuditConfig(dir, 1024, 2, clock);
        for (int day = 0; day < 4; day++) {
            clock.currentTimeMillis(day0 + day * DAY_MS + 1_000);
            try (AuditLog log = AuditLog.start(config)) {
                log.offer(event(day + 1, day0 + day * DAY_MS + 1_000, 1, OpCode.CREATE, "/d" + day, 0));
            }
        }
        long files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".cq4")).count();
        }
        assertEquals(2, files, "today's file and yesterday's are kept");
        assertEquals(List.of(3L, 4L), zxids(readAll(AuditFilter.ALL)));
        assertNull(AuditReader.open(dir, AuditFilter.ALL.withFromTime(day0 + 10 * DAY_MS)).next());
    }
}
