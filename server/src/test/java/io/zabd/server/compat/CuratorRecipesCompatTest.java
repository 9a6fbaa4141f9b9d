package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the Curator 5.9.0 recipes the issue names (LeaderLatch, InterProcessMutex, SharedCount,
 * DistributedQueue, CuratorCache) behave correctly on every target, with several clients each on its
 * own session.
 */
class CuratorRecipesCompatTest {
    private static final long DEADLINE_MS = 20_000;
    private static final int RETRIES = 3;
    private static final int RETRY_SLEEP_MS = 100;

    private static CuratorFramework curator(TargetServer server) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(server.connectString())
                .sessionTimeoutMs(Clients.SESSION_TIMEOUT_MS).connectionTimeoutMs((int) Clients.CONNECT_DEADLINE_MS)
                .retryPolicy(new RetryNTimes(RETRIES, RETRY_SLEEP_MS)).build();
        client.start();
        if (!client.blockUntilConnected((int) Clients.CONNECT_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
            client.close();
            throw new AssertionError("Curator not connected to " + server.name());
        }
        return client;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Two participants: exactly one leads; when it closes, the other becomes leader. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void leaderLatchElectsOneAndMovesOnClose(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework c1 = curator(server);
                CuratorFramework c2 = curator(server)) {
            LeaderLatch a = new LeaderLatch(c1, "/latch", "a");
            LeaderLatch b = new LeaderLatch(c2, "/latch", "b");
            a.start();
            b.start();
            await(() -> a.hasLeadership() || b.hasLeadership(), "a leader");
            assertFalse(a.hasLeadership() && b.hasLeadership(), "never two leaders");
            LeaderLatch leader = a.hasLeadership() ? a : b;
            LeaderLatch follower = leader == a ? b : a;
            assertEquals(leader.getId(), follower.getLeader().getId(), "both see the same leader");
            leader.close();
            assertTrue(follower.await(DEADLINE_MS, TimeUnit.MILLISECONDS), "leadership moved");
            assertEquals(1, follower.getParticipants().size());
            follower.close();
        }
    }

    /** Two clients contend for one lock: never both inside; a held lock makes the other wait. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void interProcessMutexExcludes(TargetFactory target, @TempDir Path dir) throws Exception {
        final int rounds = 25;
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework c1 = curator(server);
                CuratorFramework c2 = curator(server)) {
            InterProcessMutex m1 = new InterProcessMutex(c1, "/lock");
            InterProcessMutex m2 = new InterProcessMutex(c2, "/lock");
            assertTrue(m1.acquire(DEADLINE_MS, TimeUnit.MILLISECONDS));
            assertFalse(m2.acquire(200, TimeUnit.MILLISECONDS), "held by the other client");
            m1.release();
            assertTrue(m2.acquire(DEADLINE_MS, TimeUnit.MILLISECONDS), "free once released");
            m2.release();

            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger entries = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (InterProcessMutex m : List.of(m1, m2)) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            if (!m.acquire(DEADLINE_MS, TimeUnit.MILLISECONDS)) {
                                throw new AssertionError("lock not acquired within the deadline");
                            }
                            try {
                                if (inside.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                entries.incrementAndGet();
                                Thread.yield();
                                inside.decrementAndGet();
                            } finally {
                                m.release();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(DEADLINE_MS * 2, TimeUnit.MILLISECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, overlaps.get(), "two holders at once");
            assertEquals(2 * rounds, entries.get());
        }
    }

    /** Three clients increment one SharedCount with compare-and-set: no increment is lost. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void sharedCountCasIncrementsSum(TargetFactory target, @TempDir Path dir) throws Exception {
        final int clients = 3;
        final int increments = 20;
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) {
            List<CuratorFramework> curators = new ArrayList<>();
            List<SharedCount> counts = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (int i = 0; i < clients; i++) {
                    CuratorFramework c = curator(server);
                    curators.add(c);
                    SharedCount count = new SharedCount(c, "/count", 0);
                    count.start();
                    counts.add(count);
                }
                List<Future<Integer>> attempts = new ArrayList<>();
                for (SharedCount count : counts) {
                    attempts.add(pool.submit(() -> {
                        int tries = 0;
                        for (int i = 0; i < increments; i++) {
                            VersionedValue<Integer> v;
                            do {
                                tries++;
                                v = count.getVersionedValue();
                            } while (!count.trySetCount(v, v.getValue() + 1));
                        }
                        return tries;
                    }));
                }
                for (Future<Integer> f : attempts) {
                    assertTrue(f.get(DEADLINE_MS * 2, TimeUnit.MILLISECONDS) >= increments);
                }
                SharedCount reader = counts.get(0);
                await(() -> reader.getCount() == clients * increments, "the count to reach " + clients * increments);
                SharedCount last = counts.get(clients - 1);
                await(() -> last.getCount() == clients * increments, "every client to see the sum");
            } finally {
                pool.shutdownNow();
                for (SharedCount count : counts) {
                    count.close();
                }
                for (CuratorFramework c : curators) {
                    c.close();
                }
            }
        }
    }

    private static final QueueSerializer<String> STRINGS = new QueueSerializer<>() {
        @Override
        public byte[] serialize(String item) {
            return item.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    /** Items put by one client are consumed by another, each exactly once and in order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void distributedQueueDeliversOnceInOrder(TargetFactory target, @TempDir Path dir) throws Exception {
        final int items = 30;
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        QueueConsumer<String> consumer = new QueueConsumer<>() {
            @Override
            public void consumeMessage(String message) {
                received.add(message);
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState newState) {}
        };
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework producerClient = curator(server);
                CuratorFramework consumerClient = curator(server);
                DistributedQueue<String> producer = QueueBuilder.builder(producerClient, null, STRINGS, "/queue")
                        .buildQueue();
                DistributedQueue<String> consuming = QueueBuilder.builder(consumerClient, consumer, STRINGS, "/queue")
                        .buildQueue()) {
            producer.start();
            consuming.start();
            for (int i = 0; i < items; i++) {
                producer.put("item-" + i);
            }
            for (int i = 0; i < items; i++) {
                assertEquals("item-" + i, received.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
            }
            assertNull(received.poll(300, TimeUnit.MILLISECONDS), "nothing delivered twice");
            await(() -> childCount(consumerClient, "/queue") == 0, "the queue to be empty");
        }
    }

    private static int childCount(CuratorFramework client, String path) {
        try {
            return client.getChildren().forPath(path).size();
        } catch (Exception e) {
            throw new AssertionError("cannot list " + path, e);
        }
    }

    /** A CuratorCache sees a create, an update and a delete of a node under its root, in order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void curatorCacheSeesCreateUpdateDelete(TargetFactory target, @TempDir Path dir) throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework writer = curator(server);
                CuratorFramework watcher = curator(server)) {
            writer.create().forPath("/cache", new byte[0]);
            try (CuratorCache cache = CuratorCache.build(watcher, "/cache")) {
                CuratorCacheListener listener = CuratorCacheListener.builder()
                        .forCreates(n -> events.add("create " + n.getPath() + " " + text(n.getData())))
                        .forChanges((before, after) -> events.add("change " + after.getPath() + " "
                                + text(before.getData()) + "->" + text(after.getData())))
                        .forDeletes(n -> events.add("delete " + n.getPath()))
                        .build();
                cache.listenable().addListener(listener);
                cache.start();
                assertEquals("create /cache ", events.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
                writer.create().forPath("/cache/x", bytes("1"));
                assertEquals("create /cache/x 1", events.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
                writer.setData().forPath("/cache/x", bytes("2"));
                assertEquals("change /cache/x 1->2", events.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
                writer.delete().forPath("/cache/x");
                assertEquals("delete /cache/x", events.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
                assertTrue(cache.get("/cache/x").isEmpty());
                assertNotNull(cache.get("/cache").orElse(null));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
